"""The enforcement and report commands of ``sinergi``.

``register(sub, django_command)`` is called by ``sinergi.cli.build_parser`` and adds:

- ``sinergi enforcement pupn-candidates [--kanwil CODE] [--json]``
- ``sinergi report monev-kejaksaan --province 53 (--year 2024 | --from D --to D) [--json]``
- ``sinergi report pupn --kanwil-djkn CODE (--year YYYY | --from D --to D) [--json]``

Other enforcement commands (``sinergi enforcement import``) plug into the same ``enforcement`` group
through ``ENFORCEMENT_COMMANDS``: a list of ``(module, function)`` names whose function receives the
group's subparsers and ``django_command`` — appending a line is the whole integration.

The commands run as the system (``user=None``): they see every office, like the other operator commands.
JSON: rupiah as integers, percentages as strings with two decimals, dates ISO (see reports.py).
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys

from sinergi.clitools import command_group, print_json

# (module, function) pairs that add subcommands to `sinergi enforcement`; see the module docstring.
ENFORCEMENT_COMMANDS: list[tuple[str, str]] = [
    ("sinergi.enforcement.skk.cli", "register"),  # `enforcement import` (a Django-free module)
]


def _period(args):
    from sinergi.enforcement.reports.selectors import Period

    if args.date_from or args.date_to:
        if not (args.date_from and args.date_to):
            raise ValueError("Isi --from dan --to bersama-sama.")
        start, end = dt.date.fromisoformat(args.date_from), dt.date.fromisoformat(args.date_to)
        if start > end:
            raise ValueError("--from sesudah --to.")
        return Period(start, end)
    if not args.year:
        raise ValueError("Isi --year atau --from/--to.")
    return Period.year(args.year)


def cmd_pupn_candidates(args) -> int:
    from sinergi.enforcement.pupn.services import pupn_candidates
    from sinergi.formatting import format_rupiah
    from sinergi.orgs.models import OrgUnit

    unit = None
    if args.kanwil:
        unit = OrgUnit.objects.filter(code=args.kanwil).first()
        if unit is None:
            print(f"Unit organisasi '{args.kanwil}' tidak ditemukan (lihat `sinergi orgs list`).", file=sys.stderr)
            return 2
    screen = pupn_candidates(unit=unit)
    if args.json:
        print_json({
            "as_of": screen.on.isoformat(), "unit": unit.code if unit else None, "minimum": int(screen.minimum),
            "employers": len(screen.eligible), "principal": int(screen.principal), "total": int(screen.total),
            "by_kpknl": [{"kpknl": g["kpknl"].code, "employers": g["employers"], "principal": int(g["principal"]),
                          "penalty": int(g["penalty"]), "total": int(g["total"])} for g in screen.by_kpknl()],
            "candidates": [c.as_json() for c in screen.eligible],
            "blocked": [c.as_json() for c in screen.blocked],
        })
        return 0
    print(f"Calon penyerahan PUPN per {screen.on.isoformat()} (minimal {format_rupiah(screen.minimum)}): "
          f"{len(screen.eligible)} pemberi kerja, iuran {format_rupiah(screen.principal)}, "
          f"dengan denda {format_rupiah(screen.total)}")
    for g in screen.by_kpknl():
        print(f"  {g['kpknl'].name}: {g['employers']} pemberi kerja, {format_rupiah(g['total'])}")
        for c in screen.eligible:
            if c.kpknl.pk == g["kpknl"].pk:
                print(f"    {c.npp}  {c.name[:40]:40}  {c.months:3} bln  {format_rupiah(c.principal):>18}")
    for c in screen.blocked:
        print(f"  diblokir {c.npp} {c.name}: {' '.join(c.reasons)}")
    return 0


def cmd_report_monev(args) -> int:
    from sinergi.enforcement.reports.selectors import monev_report
    from sinergi.formatting import format_percent, format_rupiah, format_rupiah_short

    try:
        period = _period(args)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    report = monev_report(user=None, province=args.province, period=period)
    if args.json:
        print_json(report.as_json())
        return 0
    print(f"Monev SKK {report.province_name}, {report.period_label}")
    for r in report.rows:
        pct = format_percent(r.realisation_pct) if r.realisation_pct is not None else "–"
        print(f"  {r.kejari_name[:38]:38} {r.skk:4} SKK  {format_rupiah(r.potential):>18}  "
              f"{format_rupiah(r.realised):>18}  {pct:>8}  selesai {r.settled}")
    t = report.total
    pct = format_percent(t.realisation_pct) if t.realisation_pct is not None else "–"
    print(f"  Jumlah: {t.skk} SKK, potensi {format_rupiah_short(t.potential)}, realisasi "
          f"{format_rupiah_short(t.realised)} ({pct}), selesai {t.settled}, proses {t.in_progress}, "
          f"tidak berhasil {t.failed}")
    return 0


def cmd_report_pupn(args) -> int:
    from sinergi.enforcement.reports.selectors import pupn_report
    from sinergi.formatting import format_rupiah
    from sinergi.orgs.models import OrgUnit
    from sinergi.orgs.roles import UnitKind

    kanwil = OrgUnit.objects.filter(code=args.kanwil_djkn, kind=UnitKind.DJKN_KANWIL.value).first()
    if kanwil is None:
        print(f"Kanwil DJKN '{args.kanwil_djkn}' tidak ditemukan (lihat `sinergi orgs list`).", file=sys.stderr)
        return 2
    try:
        period = _period(args)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    report = pupn_report(user=None, kanwil=kanwil, period=period)
    if args.json:
        print_json(report.as_json())
        return 0
    print(f"Penyerahan PUPN {report.kanwil_name}, {report.period_label}")
    for r in [*report.rows, report.total]:
        print(f"  {r.kpknl_name[:30]:30} {r.handovers:3} penyerahan {r.employers:4} pemberi kerja "
              f"{format_rupiah(r.amount):>18}  pemulihan {format_rupiah(r.recovered)}")
    return 0


def _period_arguments(p) -> None:
    p.add_argument("--year", type=int, default=0, help="tahun (tanggal dokumen)")
    p.add_argument("--from", dest="date_from", default="", help="YYYY-MM-DD (bersama --to, menggantikan --year)")
    p.add_argument("--to", dest="date_to", default="", help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")


def register(sub, django_command) -> None:
    enforcement = command_group(sub, "enforcement", "penegakan kepatuhan")
    p = django_command("pupn-candidates", cmd_pupn_candidates,
                       "calon penyerahan piutang macet ke PUPN (PMK 52/2024)", enforcement)
    p.add_argument("--kanwil", default="", help="kode unit BPJS (kanwil atau kantor cabang); kosong = semua")
    p.add_argument("--json", action="store_true")
    for module, function in ENFORCEMENT_COMMANDS:
        try:
            hook = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            continue
        hook(enforcement, django_command)

    report = command_group(sub, "report", "laporan penegakan")
    p = django_command("monev-kejaksaan", cmd_report_monev, "monev SKK per Kejaksaan Negeri satu provinsi", report)
    p.add_argument("--province", required=True, help="kode provinsi, mis. 53 (NTT)")
    _period_arguments(p)
    p = django_command("pupn", cmd_report_pupn, "penyerahan piutang ke PUPN per KPKNL satu Kanwil DJKN", report)
    p.add_argument("--kanwil-djkn", required=True, help="kode Kanwil DJKN, mis. djkn-kanwil-kaltimtara")
    _period_arguments(p)
