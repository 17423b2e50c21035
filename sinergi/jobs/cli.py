"""``sinergi jobs list|retry``: the background jobs."""

from __future__ import annotations

import sys
import uuid

from sinergi.clitools import print_json


def cmd_jobs_list(args) -> int:
    from sinergi.jobs.models import Job

    rows = [
        {"id": str(j.pk), "kind": j.kind, "status": j.status, "created_at": j.created_at.isoformat(),
         "counts": j.counts, "error": j.error}
        for j in Job.objects.order_by("-created_at")[: args.limit]
    ]
    if args.json:
        print_json(rows)
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


def register(sub, django_command) -> None:
    jobs = sub.add_parser("jobs", help="pekerjaan latar belakang").add_subparsers(dest="sub", required=True)
    p = django_command("list", cmd_jobs_list, "daftar pekerjaan terakhir", jobs)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p = django_command("retry", cmd_jobs_retry, "ulangi pekerjaan yang gagal", jobs)
    p.add_argument("job_id")
