from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sinergi.jobs.models import Job
from sinergi.jobs.registry import get_kind, label_for
from sinergi.jobs.selectors import jobs_visible
from sinergi.jobs.services import job_retry
from sinergi.orgs.scoping import scoped_get, user_can
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate


@capability_required("jobs.view")
def job_list(request):
    qs = jobs_visible(user=request.user)
    status = request.GET.get("status", "")
    if status in Job.Status.values:
        qs = qs.filter(status=status)
    return render(request, "jobs/list.html", {
        "page": paginate(request, qs), "statuses": Job.Status.choices, "status": status, "label_for": label_for,
    })


@capability_required("jobs.view")
def job_detail(request, job_id):
    job = scoped_get(jobs_visible(user=request.user), request.user, pk=job_id)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job, "kind_label": label_for(job.kind)})


@require_POST
@capability_required("jobs.view")
def job_retry_view(request, job_id):
    job = scoped_get(jobs_visible(user=request.user), request.user, pk=job_id)
    try:
        capability = get_kind(job.kind).capability
    except LookupError:
        raise Http404 from None
    if not user_can(request.user, capability):
        messages.error(request, "Anda tidak berwenang mengulang pekerjaan ini.")
        return redirect("jobs:detail", job_id=job.pk)
    try:
        job_retry(job=job, actor=request.user)
        messages.success(request, "Pekerjaan dijadwalkan ulang.")
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("jobs:detail", job_id=job.pk)


@capability_required("jobs.view")
def job_file(request, job_id, name: str):
    job = scoped_get(jobs_visible(user=request.user), request.user, pk=job_id)
    if name not in {f["name"] for f in job.files}:
        raise Http404
    path = Path(settings.JOB_FILES_DIR) / str(job.pk) / Path(name).name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
