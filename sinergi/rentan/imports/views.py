"""Screens of the DTKS import: the upload with the job's progress and an import batch with its per-row report.
Every record goes through ``scoped_get`` and the upload through a job (``rentan.import``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.jobs.models import Job
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.rentan.imports.forms import UploadForm
from sinergi.rentan.imports.services import COLUMNS
from sinergi.rentan.models import Candidate, ImportBatch, Programme
from sinergi.rentan.verification.views import XLSX, S
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.uploads import upload_store


def _job_batch(job: Job) -> ImportBatch | None:
    batch = ImportBatch.objects.filter(job=job).first()
    if batch is None and isinstance(job.counts, dict) and str(job.counts.get("batch", "")).isdigit():
        batch = ImportBatch.objects.filter(pk=int(job.counts["batch"])).first()
    return batch


@require_http_methods(["GET", "POST"])
@capability_required("rentan.import")
def import_upload(request, programme_id: int):
    programme = scoped_get(Programme, request.user, pk=programme_id)
    job = None
    if request.GET.get("job"):
        try:
            job = scoped(Job, request.user).filter(pk=request.GET["job"], kind="rentan.import").first()
        except ValidationError:
            job = None
    if job is not None and request.GET.get("part") == "progress":
        return render(request, "rentan/_import_progress.html", {"programme": programme, "job": job,
                                                               "batch": _job_batch(job)})
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            path = upload_store(file=file, actor=request.user)
        except ValidationError as error:
            form.add_error("file", error)
            form.mark_invalid()
        else:
            job = job_enqueue(kind="rentan.import", actor=request.user, params={
                "programme": programme.code, "path": str(path), "file_name": Path(file.name).name,
            })
            messages.success(request, _("Berkas %(name)s diterima; impor berjalan sebagai pekerjaan latar "
                                        "belakang.") % {"name": Path(file.name).name})
            return redirect(reverse("rentan:import_upload", args=[programme.pk]) + f"?job={job.pk}")
    def names(column):
        return column.headers[0] + (f" ({', '.join(column.headers[1:])})" if len(column.headers) > 1 else "")

    batches = scoped(ImportBatch, request.user).filter(programme=programme).select_related("created_by")
    return render(request, "rentan/import.html", {
        "programme": programme, "form": form, "job": job, "batch": _job_batch(job) if job else None,
        "page": paginate(request, batches),
        "required": ", ".join(names(c) for c in COLUMNS if c.required),
        "optional": ", ".join(names(c) for c in COLUMNS if not c.required),
    }, status=400 if form.is_bound else 200)


def _report_file(batch: ImportBatch) -> Path | None:
    if not batch.report_path:
        return None
    path = Path(batch.report_path)
    path = path if path.is_absolute() else Path(settings.VAR_DIR) / path
    try:
        path.resolve().relative_to(Path(settings.VAR_DIR).resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


@require_GET
@capability_required("rentan.view")
def batch_detail(request, programme_id: int, batch_id: int):
    batch = scoped_get(ImportBatch.objects.select_related("programme", "created_by", "job"), request.user,
                       pk=batch_id, programme_id=programme_id)
    report = _report_file(batch)
    if request.GET.get("format") == "xlsx":
        if report is None:
            raise Http404
        return FileResponse(report.open("rb"), as_attachment=True,
                            filename=f"laporan-impor-{batch.programme.code}-{batch.number}.xlsx", content_type=XLSX)
    statuses = dict(Candidate.objects.filter(batch=batch).values_list("status").annotate(n=Count("pk"))
                    .order_by().values_list("status", "n"))
    rows = [(value, label, statuses.get(value, 0)) for value, label in S.choices]
    return render(request, "rentan/import_batch.html", {
        "programme": batch.programme, "batch": batch, "rows": rows, "total": sum(statuses.values()),
        "report": report, "can_candidates": user_can(request.user, "rentan.candidates"),
    })
