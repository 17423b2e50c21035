"""``sinergi billing run``, ``sinergi payments import`` and ``sinergi receivables aging|snapshot``."""

from __future__ import annotations

import os
import sys

from sinergi import clock
from sinergi.clitools import print_json, run_import_in_foreground, run_job_in_foreground


def cmd_billing_run(args) -> int:
    from sinergi.orgs.models import OrgUnit
    from sinergi.rules import Period, RulesError

    try:
        Period.parse(args.period)
    except RulesError as exc:
        print(f"Periode tidak valid: {exc.message('id')}", file=sys.stderr)
        return 2
    if args.branch and not OrgUnit.objects.filter(code=args.branch).exists():
        print(f"Unit organisasi '{args.branch}' tidak ditemukan (lihat `sinergi orgs list`).", file=sys.stderr)
        return 2
    return run_job_in_foreground("receivables.billing_run", {"period": args.period, "branch": args.branch or ""},
                                 as_json=args.json)


def cmd_payments_import(args) -> int:
    path = os.path.abspath(args.file)
    if not os.path.isfile(path):
        print(f"Berkas {args.file} tidak ditemukan.", file=sys.stderr)
        return 2
    params = {"path": path, "accept_valid": bool(args.accept_valid)}
    return run_import_in_foreground("receivables.payments_import", params, as_json=args.json)


def cmd_receivables_aging(args) -> int:
    import datetime as dt

    from sinergi.orgs.models import OrgUnit
    from sinergi.receivables.aging import AgingError, aging_compute

    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else clock.today()
    except ValueError:
        print(f"Tanggal tidak valid: {args.as_of} (gunakan YYYY-MM-DD).", file=sys.stderr)
        return 2
    branch_ids = None
    if args.branch:
        unit = OrgUnit.objects.filter(code=args.branch).first()
        if unit is None:
            print(f"Unit organisasi '{args.branch}' tidak ditemukan (lihat `sinergi orgs list`).", file=sys.stderr)
            return 2
        branch_ids = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    try:
        result = aging_compute(as_of=as_of, branch_ids=branch_ids)
    except AgingError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print_json(result.as_dict())
        return 0
    from sinergi.formatting import format_date, format_rupiah

    print(f"Umur piutang iuran per {format_date(as_of)}")
    for klass, tally in result.classes.items():
        print(f"  {klass:<14} {tally.employers:>7} pemberi kerja  {format_rupiah(tally.amount):>22}")
    print(f"  {'jumlah':<14} {result.total.employers:>7} pemberi kerja  {format_rupiah(result.total.amount):>22}")
    return 0


def cmd_receivables_snapshot(args) -> int:
    import re

    for value in filter(None, (args.month, args.through)):
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            print(f"Bulan tidak valid: {value} (gunakan YYYY-MM).", file=sys.stderr)
            return 2
    params = {"from": args.month, "to": args.through or args.month}
    return run_job_in_foreground("receivables.collectibility_snapshot", params, as_json=args.json)


def register(sub, django_command) -> None:
    billing = sub.add_parser("billing", help="penagihan iuran").add_subparsers(dest="sub", required=True)
    p = django_command("run", cmd_billing_run, "tagih satu bulan iuran (idempoten)", billing)
    p.add_argument("--period", required=True, help="YYYY-MM")
    p.add_argument("--branch", default="", help="kode unit (kantor cabang atau kanwil); kosong = semua")
    p.add_argument("--json", action="store_true")

    payments = sub.add_parser("payments", help="pembayaran iuran").add_subparsers(dest="sub", required=True)
    p = django_command("import", cmd_payments_import, "impor berkas pembayaran bank (CSV/XLSX) lalu alokasikan",
                       payments)
    p.add_argument("file", help="berkas CSV atau XLSX: KODE_BAYAR/NPP, JUMLAH, TANGGAL, REFERENSI")
    p.add_argument("--accept-valid", action="store_true",
                   help="bukukan baris yang valid walaupun ada baris yang bermasalah")
    p.add_argument("--json", action="store_true")

    receivables = sub.add_parser("receivables", help="piutang iuran").add_subparsers(dest="sub", required=True)
    p = django_command("aging", cmd_receivables_aging, "umur piutang dan kolektibilitas per tanggal", receivables)
    p.add_argument("--branch", default="", help="kode unit (kantor cabang atau kanwil); kosong = semua")
    p.add_argument("--as-of", default="", help="YYYY-MM-DD; kosong = hari ini")
    p.add_argument("--json", action="store_true")
    p = django_command("snapshot", cmd_receivables_snapshot, "potret kolektibilitas akhir bulan (idempoten)",
                       receivables)
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--through", default="", help="YYYY-MM: potret setiap bulan sampai bulan ini")
    p.add_argument("--json", action="store_true")
