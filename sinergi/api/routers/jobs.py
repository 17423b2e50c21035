"""Background jobs (imports, billing runs, reports) and their result files: ``/api/v1/jobs/{id}``, the URL a
partner polls after starting one. The same scope as the job pages: the unit's jobs and one's own."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from sinergi.api.routers.common import require
from sinergi.api.schemas import answers
from sinergi.jobs.selectors import jobs_visible

router = Router()


class JobFileOut(Schema):
    name: str
    url: str = Field(description="Unduh dengan token yang sama")


class JobOut(Schema):
    id: uuid.UUID
    kind: str
    status: str = Field(description="queued, running, succeeded atau failed")
    progress_done: int
    progress_total: int | None = None
    message: str = ""
    counts: dict = Field(default_factory=dict, description="Hitungan hasil pekerjaan")
    error: str = ""
    created_at: dt.datetime
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    files: list[JobFileOut]

    @staticmethod
    def resolve_files(obj) -> list[dict]:
        return [{"name": f["name"], "url": reverse("api:job_file", kwargs={"job_id": obj.pk, "name": f["name"]})}
                for f in obj.files]


@router.get("/{job_id}", response=answers(JobOut), summary="Satu pekerjaan latar dengan kemajuan dan berkas hasilnya")
def job_detail(request, job_id: uuid.UUID):
    require(request, "jobs.view")
    return get_object_or_404(jobs_visible(user=request.user), pk=job_id)


@router.get("/{job_id}/files/{name}", response=answers(bytes), summary="Unduh satu berkas hasil pekerjaan",
            openapi_extra={"responses": {"200": {"description": "Berkas (XLSX, CSV atau PDF)",
                                                 "content": {"*/*": {"schema": {"type": "string",
                                                                                    "format": "binary"}}}}}})
def job_file(request, job_id: uuid.UUID, name: str):
    require(request, "jobs.view")
    job = get_object_or_404(jobs_visible(user=request.user), pk=job_id)
    if name not in {f["name"] for f in job.files}:
        raise Http404
    path = Path(settings.JOB_FILES_DIR) / str(job.pk) / Path(name).name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
