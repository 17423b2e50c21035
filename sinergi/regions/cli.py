"""``sinergi regions load``: the administrative regions."""

from __future__ import annotations

from sinergi.clitools import run_job_in_foreground


def cmd_regions_load(args) -> int:
    return run_job_in_foreground("regions.load", {}, as_json=args.json)


def register(sub, django_command) -> None:
    regions = sub.add_parser("regions", help="wilayah administrasi").add_subparsers(dest="sub", required=True)
    p = django_command("load", cmd_regions_load, "muat seluruh wilayah (Kepmendagri 300.2.2-2138/2025)", regions)
    p.add_argument("--json", action="store_true")
