"""What every subcommand module of ``sinergi`` uses: JSON output, a progress bar, and running a job kind in
the foreground with the same record and handler as the worker. The apps' ``cli.py`` modules import this,
never ``sinergi.cli`` (which imports them): the direction is one way. Nothing here imports Django at import
time, so ``sinergi --help`` stays fast."""

from __future__ import annotations

import json
import sys
import time


def command_group(sub, name: str, help_text: str):
    """The subparsers of ``sinergi <name>``, created by the first module that asks: several apps add
    commands to one group (``sinergi report monev-kejaksaan``, ``sinergi report coverage``)."""
    import argparse

    if name in sub.choices:
        parser = sub.choices[name]
        return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.add_parser(name, help=help_text).add_subparsers(dest="sub", required=True)


def print_json(data) -> None:
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
        print_json({"job": str(job.pk), "status": job.status, "counts": job.counts, "error": job.error,
                     "seconds": job.duration_seconds})
    else:
        print(f"{label_for(kind)}: {job.get_status_display()} ({job.duration_seconds or 0:.1f} detik)")
        for key, value in job.counts.items():
            print(f"  {key}: {value}")
        if job.error:
            print(f"  galat: {job.error}", file=sys.stderr)
    return 0 if job.status == job.Status.SUCCEEDED else 1


def run_import_in_foreground(kind: str, params: dict, *, as_json: bool) -> int:
    """An import job in the foreground: prints where its per-row report was written, and exits 1 when the file
    was refused or rejected (nothing written), 0 when it was applied."""
    from django.conf import settings

    from sinergi.jobs.models import Job
    from sinergi.jobs.services import idempotency_key_for

    code = run_job_in_foreground(kind, params, as_json=as_json)
    job = Job.objects.filter(kind=kind, idempotency_key=idempotency_key_for(kind, params)).order_by("-created_at").first()
    if job is not None:
        for item in job.files:
            print(f"Laporan per baris: {settings.JOB_FILES_DIR / str(job.pk) / item['name']}", file=sys.stderr)
        if code == 0 and job.counts.get("status") != "applied":
            if job.counts.get("message"):
                print(job.counts["message"], file=sys.stderr)
            return 1  # refused or rejected: nothing was written
    return code
