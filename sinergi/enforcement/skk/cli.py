"""``sinergi enforcement import FILE [--branch CODE] [--accept-valid] [--json]``: load a legacy SKK register.

Registered by ``sinergi.enforcement.cli`` (``ENFORCEMENT_COMMANDS``); this module imports nothing of Django at
import time, so ``sinergi --help`` stays fast. The import runs as the ``enforcement.legacy_import`` job in the
foreground (the same record and handler as the worker), prints where the per-row report was written, and exits
1 when the file was refused or rejected (nothing written).
"""

from __future__ import annotations

import os


def cmd_enforcement_import(args) -> int:
    from sinergi.clitools import run_import_in_foreground
    from sinergi.enforcement.skk.imports import KIND

    params: dict = {"path": os.path.abspath(args.file), "branch": args.branch or ""}
    if args.accept_valid:
        params["accept_valid"] = True
    return run_import_in_foreground(KIND, params, as_json=args.json)


def register(enforcement, django_command) -> None:
    p = django_command("import", cmd_enforcement_import, "impor register SKK lama (CSV/XLSX) sebagai SKK data lama",
                       enforcement)
    p.add_argument("file", help="berkas CSV atau XLSX: NPP, KEJARI, NOMOR_SKK, TANGGAL_SKK, NILAI_POTENSI, STATUS, …")
    p.add_argument("--branch", default="", help="kode kantor cabang pemberi kuasa; kosong = cabang pemberi kerja")
    p.add_argument("--accept-valid", action="store_true", help="tulis baris yang valid walaupun ada yang tidak valid")
    p.add_argument("--json", action="store_true")
