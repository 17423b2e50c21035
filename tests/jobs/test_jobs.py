from __future__ import annotations

import datetime as dt

from sinergi import clock
from sinergi.audit.models import AuditEvent
from sinergi.jobs.models import Job
from sinergi.jobs.registry import job_kind
from sinergi.jobs.services import (
    job_enqueue,
    job_retry,
    job_run_foreground,
    jobs_requeue_stale,
    worker_loop,
)

ATTEMPTS: list[int] = []


@job_kind("uji.rapuh", label="Pekerjaan uji yang gagal sekali", capability="jobs.view")
def flaky_job(ctx):
    ATTEMPTS.append(1)
    if ctx.params.get("fail_first") and len(ATTEMPTS) == 1:
        raise ValueError("Berkas belum lengkap")
    ctx.progress(5, 10, "separuh")
    ctx.add_file("laporan.csv", b"baris,status\n1,valid\n", label="Laporan per baris")
    return {"rows": 10}


def test_the_same_request_twice_gives_the_same_queued_job(world):
    andi = world.person("andi")
    first = job_enqueue(kind="uji.rapuh", params={"file": "dtks.csv"}, actor=andi)
    second = job_enqueue(kind="uji.rapuh", params={"file": "dtks.csv"}, actor=andi)
    other = job_enqueue(kind="uji.rapuh", params={"file": "lain.csv"}, actor=andi)
    assert first.pk == second.pk != other.pk
    assert first.org_unit.code == "kukar-distransnaker"


def test_the_worker_runs_queued_jobs_and_writes_one_audit_event_each(world):
    ATTEMPTS.clear()
    job = job_enqueue(kind="uji.rapuh", params={}, actor=world.person("andi"))
    assert worker_loop(once=True, poll_seconds=0, periodic=False) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.counts == {"rows": 10} and job.attempts == 1
    assert job.progress_done == job.progress_total == 10
    assert AuditEvent.objects.filter(action="jobs.succeeded", object_id=str(job.pk)).count() == 1


def test_a_failed_job_keeps_its_error_and_succeeds_when_retried(world):
    ATTEMPTS.clear()
    andi = world.person("andi")
    job = job_enqueue(kind="uji.rapuh", params={"fail_first": True}, actor=andi)
    worker_loop(once=True, poll_seconds=0, periodic=False)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error == "Berkas belum lengkap"
    job_retry(job=job, actor=andi)
    worker_loop(once=True, poll_seconds=0, periodic=False)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2 and job.error == ""


def test_a_job_whose_worker_died_goes_back_to_the_queue(world):
    job = job_enqueue(kind="uji.rapuh", params={"n": 1}, actor=None)
    long_ago = clock.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    assert jobs_requeue_stale(stale_seconds=60) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_the_cli_path_runs_the_same_job_in_the_foreground(world):
    seen = []
    job = job_run_foreground(kind="regions.load", params={}, on_progress=lambda j: seen.append(j.progress_done))
    assert job.status == Job.Status.SUCCEEDED
    assert job.counts["villages"] == 83762 and job.counts["inserted"] == 0
    assert seen and seen[-1] == job.counts["read"]


def test_the_progress_partial_polls_while_running_and_stops_when_done(login, world):
    job = job_enqueue(kind="uji.rapuh", params={"n": 2}, actor=world.person("andi"))
    client = login("andi")
    partial = client.get(f"/pekerjaan/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<html" not in partial
    worker_loop(once=True, poll_seconds=0, periodic=False)
    page = client.get(f"/pekerjaan/{job.pk}/").content.decode()
    assert "every 1s" not in page and "Laporan per baris" in page


def test_result_files_download_only_for_those_who_see_the_job(login, world):
    ATTEMPTS.clear()
    job = job_enqueue(kind="uji.rapuh", params={"n": 3}, actor=world.person("andi"))
    worker_loop(once=True, poll_seconds=0, periodic=False)
    response = login("andi").get(f"/pekerjaan/{job.pk}/berkas/laporan.csv")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"baris,status")
    assert login("joko").get(f"/pekerjaan/{job.pk}/berkas/laporan.csv").status_code == 404
    assert login("andi").get(f"/pekerjaan/{job.pk}/berkas/..%2Fsecret").status_code == 404


def test_retrying_from_the_web_needs_the_capability_of_the_job(login, world):
    job = Job.objects.create(kind="regions.load", params={"n": 4}, idempotency_key="k-web-retry",
                             status=Job.Status.FAILED, org_unit=world.unit("kukar-distransnaker"), error="x")
    login("andi").post(f"/pekerjaan/{job.pk}/ulang/")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED  # regions.load is the administrator's
    login("admin").post(f"/pekerjaan/{job.pk}/ulang/")
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_an_idle_worker_queues_a_periodic_job_once_per_interval(world):
    from sinergi.jobs.services import jobs_enqueue_periodic

    # Midnight UTC starts an interval of every periodic kind (6 hours, a day): five minutes later is still the
    # same interval whatever the hour the suite runs at (clock.now() failed within five minutes of an end).
    now = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    first = jobs_enqueue_periodic(now=now)
    assert "receivables.summaries_refresh" in {job.kind for job in first}
    assert jobs_enqueue_periodic(now=now + dt.timedelta(minutes=5)) == []
    later = jobs_enqueue_periodic(now=now + dt.timedelta(hours=7))
    assert "receivables.summaries_refresh" in {job.kind for job in later}
