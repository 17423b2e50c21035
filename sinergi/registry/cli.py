"""``sinergi registry import``: employers, workers, employment and wages from CSV/XLSX."""

from __future__ import annotations

import os

from sinergi.clitools import run_import_in_foreground


def cmd_registry_import(args) -> int:
    params = {"path": os.path.abspath(args.file), "kind": args.kind}
    if args.accept_valid:
        params["accept_valid"] = True
    return run_import_in_foreground("registry.import", params, as_json=args.json)


def register(sub, django_command) -> None:
    registry = sub.add_parser("registry", help="kepesertaan").add_subparsers(dest="sub", required=True)
    p = django_command("import", cmd_registry_import, "impor pemberi kerja, tenaga kerja, hubungan kerja atau upah "
                       "dari CSV/XLSX", registry)
    p.add_argument("file", help="berkas CSV atau XLSX")
    p.add_argument("--kind", required=True, choices=["employers", "workers", "employment", "wages"])
    p.add_argument("--accept-valid", action="store_true",
                   help="tulis baris yang valid walaupun ada baris yang tidak valid")
    p.add_argument("--json", action="store_true")
