"""The coverage commands of ``sinergi``; ``register(sub, django_command)`` is called by ``cli.build_parser``:

- ``sinergi coverage compute --month 2025-05 [--through 2025-12] [--definition billed|paid|both] [--json]``
- ``sinergi coverage import-workforce FILE --source "BPS Sakernas Agustus" [--publication …] [--json]``
- ``sinergi coverage import-projects FILE --branch bpjs-cabang-kupang [--json]``
- ``sinergi report coverage (--province 53 | --regency 53.71 | --unit CODE) --month 2025-05
  [--compare 2024-12] [--definition paid] [--programme jkk] [--segment pu] [--source …] [--json]``

The commands run as the system (``user=None``), like the other operator commands. JSON: counts as integers,
percentages as strings, months ``YYYY-MM``.
"""

from __future__ import annotations

import os
import sys

from sinergi.clitools import print_json


def cmd_compute(args) -> int:
    from sinergi.clitools import run_job_in_foreground

    params = {"month": args.month, "definition": args.definition}
    if args.through:
        params["through"] = args.through
    return run_job_in_foreground("coverage.facts_compute", params, as_json=args.json)


def cmd_import_workforce(args) -> int:
    from django.conf import settings

    from sinergi.clitools import run_job_in_foreground
    from sinergi.jobs.models import Job
    from sinergi.jobs.services import idempotency_key_for

    params = {"path": os.path.abspath(args.file), "source": args.source, "publication": args.publication,
              "definition": args.definition, "period": args.period, "confidence": args.confidence}
    code = run_job_in_foreground("coverage.workforce_import", params, as_json=args.json)
    job = (Job.objects.filter(kind="coverage.workforce_import",
                              idempotency_key=idempotency_key_for("coverage.workforce_import", params))
           .order_by("-created_at").first())
    if job is not None:
        for item in job.files:
            print(f"Laporan per baris: {settings.JOB_FILES_DIR / str(job.pk) / item['name']}", file=sys.stderr)
        if code == 0 and job.counts.get("status") != "applied":
            print(job.counts.get("message", ""), file=sys.stderr)
            return 1  # refused or rejected: nothing was written
    return code


def cmd_import_projects(args) -> int:
    from sinergi.clitools import run_job_in_foreground
    from sinergi.jobs.models import Job
    from sinergi.jobs.services import idempotency_key_for

    params = {"path": os.path.abspath(args.file), "branch": args.branch}
    code = run_job_in_foreground("coverage.projects_import", params, as_json=args.json)
    job = (Job.objects.filter(kind="coverage.projects_import",
                              idempotency_key=idempotency_key_for("coverage.projects_import", params))
           .order_by("-created_at").first())
    if code == 0 and job is not None and job.counts.get("status") != "applied":
        print(job.counts.get("message", ""), file=sys.stderr)
        return 1
    return code


def cmd_report(args) -> int:
    from sinergi.coverage.selectors import ScopeError, coverage_report, report_jsonable, scope_resolve
    from sinergi.formatting import format_number
    from sinergi.rules.errors import RulesError

    try:
        scope = scope_resolve(unit=args.unit, province=args.province, regency=args.regency)
        report = coverage_report(user=None, month=args.month, scope=scope, compare=args.compare or None,
                                 definition=args.definition or None, programme=args.programme,
                                 segment=args.segment, source=args.source)
    except (ScopeError, RulesError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    data = report_jsonable(report)
    if args.json:
        print_json(data)
        return 0
    d = data["denominator"]
    print(f"Cakupan {report.scope.label}, {data['month']} (peserta aktif: {report.definition.label}; "
          f"program {report.programme.upper()})")
    print(f"  peserta aktif : {format_number(report.participants)}")
    if d["potential"] is not None:
        print(f"  potensi       : {format_number(d['potential'])} ({d['source']} {d['year']}, {d['definition']})")
        print(f"  cakupan       : {data['coverage_pct']} %   kesenjangan: {format_number(report.gap)}")
    else:
        print("  potensi       : tidak ada perkiraan angkatan kerja untuk wilayah ini")
    print(f"  tahun lalu    : {format_number(report.previous_year)} ({data['same_month_last_year']['growth_pct']} %)")
    if report.scale > 1:
        print(f"  catatan       : angka demo diskalakan ×{report.scale_label}")
    return 0


def register(sub, django_command) -> None:
    from sinergi.clitools import command_group as _group

    coverage = _group(sub, "coverage", "cakupan kepesertaan (UCJ)")
    p = django_command("compute", cmd_compute, "hitung fakta cakupan bulanan (idempoten)", coverage)
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--through", default="", help="YYYY-MM: hitung setiap bulan sampai bulan ini")
    p.add_argument("--definition", default="both", choices=("billed", "paid", "both"))
    p.add_argument("--json", action="store_true")
    p = django_command("import-workforce", cmd_import_workforce,
                       "impor perkiraan angkatan kerja (CSV/XLSX, mis. BPS Sakernas)", coverage)
    p.add_argument("file", help="berkas dengan kolom Kode Wilayah atau Kabupaten/Kota, Tahun, Penduduk Bekerja")
    p.add_argument("--source", required=True, help='mis. "BPS Sakernas Agustus"')
    p.add_argument("--publication", default="", help="judul publikasi")
    p.add_argument("--definition", default="penduduk bekerja")
    p.add_argument("--period", default="agustus", choices=("agustus", "februari", "tahunan"))
    p.add_argument("--confidence", default="C2", choices=("C1", "C2", "C3", "R"))
    p.add_argument("--json", action="store_true")

    p = django_command("import-projects", cmd_import_projects,
                       "impor daftar proyek jasa konstruksi (pengadaan) dan cocokkan nomor kontrak/NPWP", coverage)
    p.add_argument("file", help="berkas dengan kolom Nomor Kontrak, Nama Paket, Pemilik, Jenis Pemilik, Nilai Kontrak")
    p.add_argument("--branch", required=True, help="kode kantor cabang BPJS yang menindaklanjuti")
    p.add_argument("--json", action="store_true")

    report = _group(sub, "report", "laporan")
    p = django_command("coverage", cmd_report, "cakupan kepesertaan (UCJ) satu wilayah dan bulan", report)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--province", default="", help="kode provinsi, mis. 53 (NTT)")
    where.add_argument("--regency", default="", help="kode kabupaten/kota, mis. 53.71")
    where.add_argument("--unit", default="", help="kode unit BPJS (kanwil atau kantor cabang)")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--compare", default="", help="YYYY-MM: bandingkan dengan bulan ini")
    p.add_argument("--definition", default="", choices=("", "billed", "paid"))
    p.add_argument("--programme", default="jkk", choices=("jkk", "jkm", "jht", "jp", "jkp"))
    p.add_argument("--segment", default="", choices=("", "pu", "bpu", "bpu_rentan", "jakon"))
    p.add_argument("--source", default="", help="sumber perkiraan angkatan kerja (bawaan: yang terlengkap)")
    p.add_argument("--json", action="store_true")
