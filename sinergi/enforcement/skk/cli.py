"""``sinergi enforcement import FILE [--branch CODE] [--accept-valid] [--json]``: load a legacy SKK register.

Registered by ``sinergi.enforcement.cli`` (``ENFORCEMENT_COMMANDS``); this module imports nothing of Django at
import time, so ``sinergi --help`` stays fast. The import runs as the ``enforcement.legacy_import`` job in the
foreground (the same record and handler as the worker), prints where the per-row report was written, and exits
1 when the file was refused or rejected (nothing written).
"""

from __future__ import annotations

import os
import sys


def cmd_enforcement_import(args) -> int:
    from django.conf import settings

    from sinergi.cli import run_job_in_foreground
    from sinergi.enforcement.skk.imports import KIND
    from sinergi.jobs.models import Job
    from sinergi.jobs.services import idempotency_key_for

    params: dict = {"path": os.path.abspath(args.file), "branch": args.branch or ""}
    if args.accept_valid:
        params["accept_valid"] = True
    code = run_job_in_foreground(KIND, params, as_json=args.json)
    job = Job.objects.filter(kind=KIND, idempotency_key=idempotency_key_for(KIND, params)).order_by("-created_at").first()
    if job is not None:
        for item in job.files:
            print(f"Laporan per baris: {settings.JOB_FILES_DIR / str(job.pk) / item['name']}", file=sys.stderr)
        if code == 0 and job.counts.get("status") != "applied":
            return 1  # refused or rejected: nothing was written
    return code


def register(enforcement, django_command) -> None:
    p = django_command("import", cmd_enforcement_import, "impor register SKK lama (CSV/XLSX) sebagai SKK data lama",
                       enforcement)
    p.add_argument("file", help="berkas CSV atau XLSX: NPP, KEJARI, NOMOR_SKK, TANGGAL_SKK, NILAI_POTENSI, STATUS, …")
    p.add_argument("--branch", default="", help="kode kantor cabang pemberi kuasa; kosong = cabang pemberi kerja")
    p.add_argument("--accept-valid", action="store_true", help="tulis baris yang valid walaupun ada yang tidak valid")
    p.add_argument("--json", action="store_true")
