"""The `sinergi` command: everything an operator does, from the demo to the worker.

Commands that only compute (``rules``, ``nik``) do not touch Django or the database.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import subprocess
import sys
import time

# The apps contribute their subcommands: each module has ``register(sub, django_command)`` and imports nothing
# of Django at import time; it uses ``sinergi.clitools``, never this module. The order is that of ``--help``.
COMMAND_MODULES = (
    "sinergi.regions.cli",
    "sinergi.registry.cli",
    "sinergi.orgs.cli",
    "sinergi.jobs.cli",
    "sinergi.receivables.cli",
    "sinergi.rentan.cli",
    "sinergi.enforcement.cli",
    "sinergi.coverage.cli",
    "sinergi.api.cli",
)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    import django

    django.setup()


def cmd_migrate(args) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=args.verbosity)
    return 0


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

    for path in COMMAND_MODULES:
        importlib.import_module(path).register(sub, django_command)

    p = django_command("manage", cmd_manage, "perintah manajemen Django")
    p.add_argument("rest", nargs=argparse.REMAINDER)

    from sinergi.rules import cli as rules_cli

    rules_cli.register(sub)  # the rules commands run without Django
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
