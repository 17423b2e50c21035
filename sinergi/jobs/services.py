"""Queueing, claiming and running jobs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.jobs.models import Job
from sinergi.jobs.registry import get_kind

log = logging.getLogger("sinergi.jobs")


def idempotency_key_for(kind: str, params: dict) -> str:
    canonical = json.dumps({"kind": kind, "params": params}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class JobContext:
    """What a handler sees: its parameters, the acting user, progress reporting and result files."""

    def __init__(self, job: Job, *, on_progress: Callable[[Job], None] | None = None):
        self.job = job
        self.params = job.params
        self.actor = job.created_by
        self._on_progress = on_progress
        self._last_write = 0.0

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Report progress. Written at most twice a second, and never from inside a transaction (it would
        be invisible until commit, and on SQLite it would wait for the write lock the job itself holds)."""
        self.job.progress_done = max(0, int(done))
        if total is not None:
            self.job.progress_total = int(total)
        if message:
            self.job.message = message[:255]
        if self._on_progress:
            self._on_progress(self.job)
        now = time.monotonic()
        if connection.in_atomic_block or now - self._last_write < 0.5:
            return
        self._last_write = now
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=self.job.progress_done, progress_total=self.job.progress_total,
            message=self.job.message, heartbeat_at=clock.now(),
        )

    @property
    def files_dir(self) -> Path:
        path = Path(settings.JOB_FILES_DIR) / str(self.job.pk)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def add_file(self, name: str, content: bytes, *, label: str = "") -> Path:
        """Store a result file (an error report, an export) that users who see the job can download."""
        safe = Path(name).name
        target = self.files_dir / safe
        target.write_bytes(content)
        self.job.files = [f for f in self.job.files if f["name"] != safe] + [
            {"name": safe, "label": label or safe, "size": len(content)}
        ]
        return target


def job_enqueue(*, kind: str, params: dict | None = None, actor=None, org_unit=None) -> Job:
    """Queue a job, or return the queued/running job that already does the same work."""
    get_kind(kind)  # unknown kinds fail here, not in the worker
    params = params or {}
    key = idempotency_key_for(kind, params)
    existing = Job.objects.filter(idempotency_key=key, status__in=Job.ACTIVE).first()
    if existing:
        return existing
    unit = org_unit or getattr(actor, "org_unit", None)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, params=params, idempotency_key=key,
                created_by=actor if getattr(actor, "is_authenticated", False) else None, org_unit=unit,
            )
            audit_record(actor=actor, action="jobs.enqueue", obj=job, after={"kind": kind, "params": params})
    except IntegrityError:
        # Lost a race against an identical request: hand back the winner.
        return Job.objects.get(idempotency_key=key, status__in=Job.ACTIVE)
    return job


def job_retry(*, job: Job, actor) -> Job:
    """Put a failed job back in the queue (handlers are idempotent, so re-running is safe)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != Job.Status.FAILED:
            raise ValueError(_("Hanya pekerjaan yang gagal yang dapat diulang."))
        if Job.objects.filter(idempotency_key=job.idempotency_key, status__in=Job.ACTIVE).exists():
            raise ValueError(_("Pekerjaan yang sama sedang menunggu atau berjalan."))
        job.status = Job.Status.QUEUED
        job.error = job.error_detail = ""
        job.started_at = job.finished_at = job.heartbeat_at = None
        job.progress_done = 0
        job.worker = ""
        job.save()
        audit_record(actor=actor, action="jobs.retry", obj=job, after={"attempts": job.attempts})
    return job


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def jobs_requeue_stale(*, stale_seconds: int | None = None) -> int:
    """Jobs whose worker stopped sending heartbeats (killed, machine restarted) go back to the queue."""
    limit = clock.now() - dt.timedelta(seconds=stale_seconds or settings.JOB_STALE_SECONDS)
    with transaction.atomic():
        stale = Job.objects.filter(status=Job.Status.RUNNING).filter(
            Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
        )
        count = stale.update(status=Job.Status.QUEUED, worker="", message=_("Dijadwalkan ulang setelah pekerja berhenti"))
    if count:
        log.warning("requeued %s stale job(s)", count)
    return count


def job_claim_next(*, worker: str) -> Job | None:
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=Job.Status.QUEUED)
            .order_by("created_at")
            .first()
        )
        if job is None:
            return None
        now = clock.now()
        job.status = Job.Status.RUNNING
        job.worker = worker
        job.started_at = now
        job.heartbeat_at = now
        job.attempts += 1
        job.save(update_fields=["status", "worker", "started_at", "heartbeat_at", "attempts"])
    return job


class _Heartbeat(threading.Thread):
    def __init__(self, job_id, interval: float):
        super().__init__(daemon=True)
        self.job_id = job_id
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.interval):
            try:
                Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(heartbeat_at=clock.now())
            except Exception:  # a busy SQLite database: try again at the next beat
                log.debug("heartbeat skipped", exc_info=True)
            finally:
                close_old_connections()
        connection.close()


def job_run(job: Job, *, on_progress: Callable[[Job], None] | None = None) -> Job:
    """Run a claimed job to completion and record its outcome (never raises for a handler failure)."""
    kind = get_kind(job.kind)
    ctx = JobContext(job, on_progress=on_progress)
    beat = _Heartbeat(job.pk, interval=max(5, settings.JOB_STALE_SECONDS // 4))
    beat.start()
    try:
        counts = kind.handler(ctx) or {}
    except Exception as exc:
        job.status = Job.Status.FAILED
        job.error = str(exc)[:2000] or exc.__class__.__name__
        job.error_detail = traceback.format_exc()
        log.exception("job %s (%s) failed", job.pk, job.kind)
    else:
        job.status = Job.Status.SUCCEEDED
        job.counts = counts
        job.error = job.error_detail = ""
        if job.progress_total:
            job.progress_done = job.progress_total
    finally:
        beat.stopped.set()
        beat.join(timeout=5)
    job.finished_at = clock.now()
    with transaction.atomic():
        job.save(update_fields=[
            "status", "counts", "files", "error", "error_detail", "finished_at", "progress_done",
            "progress_total", "message",
        ])
        # A bulk job writes one audit event with its counts, not one per row.
        audit_record(
            actor=job.created_by, action=f"jobs.{job.status}", obj=job,
            after={"kind": job.kind, "params": job.params, "counts": job.counts, "error": job.error},
        )
    return job


def job_run_foreground(*, kind: str, params: dict | None = None, actor=None,
                       on_progress: Callable[[Job], None] | None = None) -> Job:
    """The CLI path: the same job record and handler as the worker, run in this process."""
    job = job_enqueue(kind=kind, params=params, actor=actor)
    with transaction.atomic():
        claimed = Job.objects.select_for_update().get(pk=job.pk)
        if claimed.status != Job.Status.QUEUED:
            raise RuntimeError(_("Pekerjaan yang sama sedang berjalan (%(id)s).") % {"id": job.pk})
        now = clock.now()
        claimed.status, claimed.worker, claimed.started_at, claimed.heartbeat_at = (
            Job.Status.RUNNING, f"cli:{worker_name()}", now, now,
        )
        claimed.attempts += 1
        claimed.save(update_fields=["status", "worker", "started_at", "heartbeat_at", "attempts"])
    return job_run(claimed, on_progress=on_progress)


def jobs_enqueue_periodic(*, now: dt.datetime | None = None) -> list[Job]:
    """Queue the periodic job kinds whose interval has come round. The interval number is part of the
    parameters, so the idempotency key makes two workers (or two ticks) queue it once per interval."""
    from sinergi.jobs.registry import all_kinds

    now = now or clock.now()
    queued = []
    for kind in all_kinds():
        if kind.every is None:
            continue
        slot = int(now.timestamp() // kind.every.total_seconds())
        params = {"slot": slot}
        key = idempotency_key_for(kind.kind, params)
        if Job.objects.filter(idempotency_key=key).exists():
            continue
        queued.append(job_enqueue(kind=kind.kind, params=params))
    return queued


def worker_loop(*, once: bool = False, poll_seconds: float | None = None, stop: threading.Event | None = None,
                periodic: bool = True) -> int:
    """Run queued jobs until stopped; with ``once``, until the queue is empty. Returns jobs run.
    When idle it queues the periodic job kinds that are due (``periodic=False`` in tests that count)."""
    name = worker_name()
    poll = poll_seconds if poll_seconds is not None else settings.JOB_POLL_SECONDS
    jobs_requeue_stale()
    ran = 0
    last_stale_check = time.monotonic()
    while not (stop and stop.is_set()):
        if not connection.in_atomic_block:  # a long-lived worker drops broken or expired connections
            close_old_connections()
        job = job_claim_next(worker=name)
        if job is None and periodic and jobs_enqueue_periodic():
            job = job_claim_next(worker=name)
        if job is None:
            if once:
                break
            if time.monotonic() - last_stale_check > settings.JOB_STALE_SECONDS:
                jobs_requeue_stale()
                last_stale_check = time.monotonic()
            if stop:
                stop.wait(poll)
            else:
                time.sleep(poll)
            continue
        log.info("running job %s (%s)", job.pk, job.kind)
        job_run(job)
        ran += 1
    return ran
