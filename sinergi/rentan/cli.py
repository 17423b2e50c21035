"""``sinergi rentan …``: import a DTKS file and list programmes from the command line.

The commands run as the system (``actor=None``), as ``sinergi registry import`` does: the operator on the
server has the file already, so the per-row report shows full NIKs (docs/rentan.md). Nothing here imports
Django at module level: ``sinergi --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
import time

SUMMARY_KEYS = ("batch", "rows", "valid", "invalid", "duplicate_in_file", "duplicate_in_programme",
                "already_participant", "review", "seconds", "error_report")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def cmd_import(args) -> int:
    from sinergi.clitools import ProgressBar
    from sinergi.jobs.services import job_run_foreground
    from sinergi.rentan.models import ImportBatch, Programme

    path = os.path.abspath(args.file)
    if not os.path.isfile(path):
        return _fail(f"Berkas {args.file} tidak ditemukan.")
    if not Programme.objects.filter(code=args.programme).exists():
        known = ", ".join(Programme.objects.values_list("code", flat=True)) or "(belum ada program)"
        return _fail(f"Program {args.programme} tidak dikenal. Program yang ada: {known}.")
    started = time.perf_counter()
    bar = ProgressBar("Impor DTKS")
    try:
        job = job_run_foreground(kind="rentan.import", params={
            "programme": args.programme, "path": path, "file_name": os.path.basename(path)}, on_progress=bar)
    finally:
        bar.close()
    if job.status != job.Status.SUCCEEDED:
        return _fail(f"Impor gagal: {job.error}")
    batch = ImportBatch.objects.get(pk=job.counts["batch"])
    summary = {"batch": batch.pk, **{k: batch.counts.get(k, 0) for k in SUMMARY_KEYS[1:-2]},
               "seconds": round(time.perf_counter() - started, 3), "error_report": batch.report_path}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"Batch {batch.programme.code} #{batch.number}: {batch.get_status_display()}")
        for key in SUMMARY_KEYS[1:-2]:
            print(f"  {key}: {summary[key]}")
        print(f"  waktu: {summary['seconds']} detik")
        print(f"  laporan per baris: {summary['error_report']}")
    if batch.status == ImportBatch.Status.REFUSED:
        return _fail(f"Berkas ditolak: {batch.refusal}")
    return 0


def cmd_programmes(args) -> int:
    from sinergi.rentan.models import Programme

    programmes = Programme.objects.select_related("owner", "pemda", "region", "data_unit").order_by("code")
    rows = [{
        "code": p.code, "name": p.name, "status": p.status,
        "pemda": {"code": p.pemda.code, "name": p.pemda.name},
        "owner": {"code": p.owner.code, "name": p.owner.name},
        "data_unit": {"code": p.data_unit.code, "name": p.data_unit.name},
        "region": {"code": p.region.code, "name": p.region.name},
        "legal_basis": p.legal_basis, "period_start": p.period_start.isoformat(),
        "period_end": p.period_end.isoformat(), "quota": p.quota,
    } for p in programmes]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("Belum ada program pekerja rentan.")
    else:
        for row in rows:
            print(f"{row['code']:<16} {row['name']} — {row['owner']['name']}, wilayah {row['region']['code']} "
                  f"{row['region']['name']}")
    return 0


def register(sub, django_command) -> None:
    """Add ``rentan import`` and ``rentan programmes`` to the ``sinergi`` parser."""
    rentan = sub.add_parser("rentan", help="program pekerja rentan").add_subparsers(dest="sub", required=True)
    p = django_command("import", cmd_import, "impor berkas DTKS (CSV/XLSX) ke sebuah program", rentan)
    p.add_argument("file", help="berkas CSV atau XLSX dengan kolom NIK, NO_KK, NAMA, TGL_LAHIR, JENIS_KELAMIN, "
                                "ALAMAT, KODE_DESA, PEKERJAAN")
    p.add_argument("--programme", required=True, help="kode program (lihat: sinergi rentan programmes)")
    p.add_argument("--json", action="store_true")
    p = django_command("programmes", cmd_programmes, "daftar program pekerja rentan", rentan)
    p.add_argument("--json", action="store_true")
