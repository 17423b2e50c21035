"""The `sinergi` command: everything an operator does, from the demo to the worker.

Commands that only compute (``rules``, ``nik``) do not touch Django or the database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import signal
import subprocess
import sys
import time
import uuid

from sinergi import clock


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    import django

    django.setup()


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class ProgressBar:
    """A one-line progress bar on stderr for foreground jobs (quiet when stderr is not a terminal)."""

    def __init__(self, label: str):
        self.label = label
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, job) -> None:
        now = time.monotonic()
        if not self.tty or now - self.last < 0.1:
            return
        self.last = now
        total = job.progress_total or 0
        done = job.progress_done
        width = 30
        filled = int(width * done / total) if total else 0
        pct = f"{100 * done / total:5.1f}%" if total else "  …  "
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'-' * (width - filled)}] {pct} {done:,}/{total:,}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def run_job_in_foreground(kind: str, params: dict, *, as_json: bool) -> int:
    from sinergi.jobs.registry import label_for
    from sinergi.jobs.services import job_run_foreground

    bar = ProgressBar(label_for(kind))
    try:
        job = job_run_foreground(kind=kind, params=params, on_progress=bar)
    finally:
        bar.close()
    if as_json:
        _print_json({"job": str(job.pk), "status": job.status, "counts": job.counts, "error": job.error,
                     "seconds": job.duration_seconds})
    else:
        print(f"{label_for(kind)}: {job.get_status_display()} ({job.duration_seconds or 0:.1f} detik)")
        for key, value in job.counts.items():
            print(f"  {key}: {value}")
        if job.error:
            print(f"  galat: {job.error}", file=sys.stderr)
    return 0 if job.status == job.Status.SUCCEEDED else 1


# --- commands ------------------------------------------------------------------------------------------

def cmd_migrate(args) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=args.verbosity)
    return 0


def cmd_regions_load(args) -> int:
    return run_job_in_foreground("regions.load", {}, as_json=args.json)


def cmd_registry_import(args) -> int:
    from django.conf import settings

    from sinergi.jobs.models import Job
    from sinergi.jobs.services import idempotency_key_for

    params = {"path": os.path.abspath(args.file), "kind": args.kind}
    if args.accept_valid:
        params["accept_valid"] = True
    code = run_job_in_foreground("registry.import", params, as_json=args.json)
    job = (Job.objects.filter(kind="registry.import", idempotency_key=idempotency_key_for("registry.import", params))
           .order_by("-created_at").first())
    if job is not None:
        for item in job.files:
            print(f"Laporan per baris: {settings.JOB_FILES_DIR / str(job.pk) / item['name']}", file=sys.stderr)
        if code == 0 and job.counts.get("status") != "applied":
            return 1  # refused or rejected: nothing was written
    return code


def cmd_orgs_load(args) -> int:
    from sinergi.orgs.services import orgs_load_reference

    result = orgs_load_reference()
    _print_json(result) if args.json else print(
        f"unit organisasi: {result['units']} ({result['created']} baru, {result['updated']} diperbarui)"
    )
    return 0


def cmd_createuser(args) -> int:
    from django.core.exceptions import ValidationError

    from sinergi.orgs.models import OrgUnit
    from sinergi.orgs.services import user_create

    unit = OrgUnit.objects.filter(code=args.org).first()
    if unit is None:
        print(f"Unit organisasi '{args.org}' tidak ditemukan (lihat `sinergi orgs list`).", file=sys.stderr)
        return 2
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Kata sandi: ")
        if getpass.getpass("Ulangi kata sandi: ") != password:
            print("Kata sandi tidak sama.", file=sys.stderr)
            return 2
    try:
        user = user_create(username=args.username, org_unit=unit, roles=args.role, password=password,
                           first_name=args.first_name, last_name=args.last_name, email=args.email,
                           position=args.position, actor=None, reason="sinergi createuser")
    except ValidationError as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        return 2
    print(f"Pengguna {user.username} dibuat di {unit.name}.")
    return 0


def cmd_orgs_list(args) -> int:
    from sinergi.orgs.models import OrgUnit

    rows = list(OrgUnit.objects.order_by("path").values("code", "name", "kind", "path"))
    if args.json:
        _print_json([{k: r[k] for k in ("code", "name", "kind")} for r in rows])
    else:
        for r in rows:
            print(f"{'  ' * (r['path'].count('/') - 2)}{r['code']:<32} {r['name']}")
    return 0


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
    from django.conf import settings

    from sinergi.jobs.models import Job
    from sinergi.jobs.services import idempotency_key_for

    path = os.path.abspath(args.file)
    if not os.path.isfile(path):
        print(f"Berkas {args.file} tidak ditemukan.", file=sys.stderr)
        return 2
    params = {"path": path, "accept_valid": bool(args.accept_valid)}
    code = run_job_in_foreground("receivables.payments_import", params, as_json=args.json)
    job = (Job.objects.filter(kind="receivables.payments_import",
                              idempotency_key=idempotency_key_for("receivables.payments_import", params))
           .order_by("-created_at").first())
    if job is not None:
        for item in job.files:
            print(f"Laporan per baris: {settings.JOB_FILES_DIR / str(job.pk) / item['name']}", file=sys.stderr)
        if code == 0 and job.counts.get("status") != "applied":
            print(job.counts.get("message", ""), file=sys.stderr)
            return 1  # rejected: nothing was posted
    return code


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
        _print_json(result.as_dict())
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


def cmd_worker(args) -> int:
    from sinergi.jobs.services import worker_loop

    stop = __import__("threading").Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("Pekerja berjalan; tekan Ctrl+C untuk berhenti.", file=sys.stderr)
    try:
        ran = worker_loop(once=args.once, stop=stop)
    except KeyboardInterrupt:
        return 0
    if args.once:
        print(f"{ran} pekerjaan dijalankan.")
    return 0


def cmd_jobs_list(args) -> int:
    from sinergi.jobs.models import Job

    rows = [
        {"id": str(j.pk), "kind": j.kind, "status": j.status, "created_at": j.created_at.isoformat(),
         "counts": j.counts, "error": j.error}
        for j in Job.objects.order_by("-created_at")[: args.limit]
    ]
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}  {r['status']:<9}  {r['kind']:<24}  {r['created_at']}  {r['error'][:60]}")
    return 0


def cmd_jobs_retry(args) -> int:
    from sinergi.jobs.models import Job
    from sinergi.jobs.services import job_retry

    try:
        job = Job.objects.filter(pk=uuid.UUID(args.job_id)).first()
    except ValueError:
        job = None
    if job is None:
        print(f"Pekerjaan {args.job_id} tidak ditemukan.", file=sys.stderr)
        return 2
    try:
        job_retry(job=job, actor=None)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Pekerjaan {job.pk} dijadwalkan ulang; jalankan `sinergi worker` untuk memprosesnya.")
    return 0


def _serve(host: str, port: int, *, with_worker: bool, threads: int) -> int:
    from waitress import serve

    from sinergi.wsgi import application

    worker = None
    if with_worker:
        worker = subprocess.Popen([sys.executable, "-m", "sinergi.cli", "worker"], env=os.environ.copy())
    print(f"Sinergi melayani di http://{host}:{port}/ (Ctrl+C untuk berhenti)", flush=True)
    try:
        serve(application, host=host, port=port, threads=threads, ident="Sinergi")
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def cmd_serve(args) -> int:
    return _serve(args.host, args.port, with_worker=not args.no_worker, threads=args.threads)


def cmd_demo(args) -> int:
    from django.core.management import call_command

    from sinergi.demo.setup import DemoOptions, demo_build, demo_logins

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    demo_build(options=DemoOptions(scale=args.scale, seed=args.seed), log=lambda m: print(f"  {m}", flush=True))
    print(f"Data demo siap dalam {time.monotonic() - started:.1f} detik.\n")
    print("Login demo (satu per peran):")
    for login in demo_logins():
        print(f"  {login['username']:<20} {login['password']:<20} {', '.join(login['roles']):<18} {login['unit']}")
    print()
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, with_worker=True, threads=8)


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sinergi manage", *args.rest])
    return 0


# --- parser --------------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sinergi", description="Sinergi — BPJS Ketenagakerjaan dan mitra")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")

    def django_command(name: str, func, help_text: str, parent=sub):
        p = parent.add_parser(name, help=help_text)
        p.set_defaults(func=func, needs_django=True)
        return p

    p = django_command("demo", cmd_demo, "siapkan data demo lalu layani aplikasi web dan pekerja")
    # "tiny" exists for the test suite; the help names the two real scales.
    p.add_argument("--scale", choices=["small", "region", "tiny"], default="small", metavar="{small,region}")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--no-serve", action="store_true", help="siapkan data saja, jangan melayani")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)

    p = django_command("serve", cmd_serve, "layani aplikasi web (dan pekerja)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--no-worker", action="store_true", help="jangan jalankan pekerja latar belakang")

    p = django_command("worker", cmd_worker, "jalankan pekerjaan latar belakang")
    p.add_argument("--once", action="store_true", help="berhenti setelah antrean kosong")

    p = django_command("migrate", cmd_migrate, "terapkan migrasi basis data")
    p.add_argument("--verbosity", type=int, default=1)

    regions = sub.add_parser("regions", help="wilayah administrasi").add_subparsers(dest="sub", required=True)
    p = django_command("load", cmd_regions_load, "muat seluruh wilayah (Kepmendagri 300.2.2-2138/2025)", regions)
    p.add_argument("--json", action="store_true")

    registry = sub.add_parser("registry", help="kepesertaan").add_subparsers(dest="sub", required=True)
    p = django_command("import", cmd_registry_import, "impor pemberi kerja, tenaga kerja, hubungan kerja atau upah "
                       "dari CSV/XLSX", registry)
    p.add_argument("file", help="berkas CSV atau XLSX")
    p.add_argument("--kind", required=True, choices=["employers", "workers", "employment", "wages"])
    p.add_argument("--accept-valid", action="store_true",
                   help="tulis baris yang valid walaupun ada baris yang tidak valid")
    p.add_argument("--json", action="store_true")

    orgs = sub.add_parser("orgs", help="unit organisasi").add_subparsers(dest="sub", required=True)
    p = django_command("load", cmd_orgs_load, "muat unit organisasi acuan", orgs)
    p.add_argument("--json", action="store_true")
    p = django_command("list", cmd_orgs_list, "daftar unit organisasi", orgs)
    p.add_argument("--json", action="store_true")

    p = django_command("createuser", cmd_createuser, "buat pengguna")
    p.add_argument("--username", required=True)
    p.add_argument("--org", required=True, help="kode unit organisasi")
    p.add_argument("--role", action="append", required=True, help="kode peran; boleh berulang")
    p.add_argument("--first-name", default="")
    p.add_argument("--last-name", default="")
    p.add_argument("--email", default="")
    p.add_argument("--position", default="")
    p.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")

    jobs = sub.add_parser("jobs", help="pekerjaan latar belakang").add_subparsers(dest="sub", required=True)
    p = django_command("list", cmd_jobs_list, "daftar pekerjaan terakhir", jobs)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p = django_command("retry", cmd_jobs_retry, "ulangi pekerjaan yang gagal", jobs)
    p.add_argument("job_id")

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

    from sinergi.rentan.cli import register as rentan_register

    rentan_register(sub, django_command)

    from sinergi.enforcement.cli import register as enforcement_register

    enforcement_register(sub, django_command)

    from sinergi.coverage.cli import register as coverage_register

    coverage_register(sub, django_command)

    p = django_command("manage", cmd_manage, "perintah manajemen Django")
    p.add_argument("rest", nargs=argparse.REMAINDER)

    try:
        from sinergi.rules import cli as rules_cli
    except ImportError:  # pragma: no cover - the rules package is part of the distribution
        rules_cli = None
    if rules_cli is not None and hasattr(rules_cli, "register"):
        rules_cli.register(sub)
    return parser


def _migrations_pending() -> bool:
    """Whether the database lacks migrations (a command then fails on a missing table: say so, not a
    traceback)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    connection.close()  # the failed statement may have left the connection in an aborted transaction
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    if args.command == "demo":
        os.environ.setdefault("SINERGI_DEMO", "1")
    if getattr(args, "needs_django", False):
        from sinergi.env import ConfigError

        try:
            _setup_django()
        except ConfigError as exc:
            print(f"Konfigurasi tidak valid: {exc}", file=sys.stderr)
            return 2
        from django.db import DatabaseError

        try:
            return args.func(args)
        except DatabaseError:
            if args.command in {"migrate", "manage", "demo"} or not _migrations_pending():
                raise
            print("Basis data belum siap: ada migrasi yang belum diterapkan. Jalankan dahulu `sinergi migrate` "
                  "(atau `make demo` untuk data demo).", file=sys.stderr)
            return 2
    from sinergi.rules import cli as rules_cli

    return rules_cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
