"""The job kinds of the vulnerable-worker programmes. Each import line below registers one kind; R2/R3 add
theirs the same way (one import line each)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from sinergi.jobs.registry import job_kind


@job_kind("rentan.import", label=_("Impor DTKS"), capability="rentan.import")
def rentan_import_job(ctx) -> dict:
    """Params: ``programme`` (code), ``path`` (absolute, readable by the worker), optionally ``file_name`` (as
    the user uploaded it). A refused file ends the job normally: the batch says why, and that is the user's
    answer, not a failure to retry."""
    from sinergi.rentan.imports.services import rentan_import
    from sinergi.rentan.models import Programme

    params = ctx.params
    programme = Programme.objects.get(code=params["programme"])
    path = Path(params["path"])
    batch = rentan_import(programme=programme, path=path, file_name=params.get("file_name") or path.name,
                          actor=ctx.actor, job_context=ctx)
    return {"batch": batch.pk, "number": batch.number, "status": batch.status, "refusal": batch.refusal,
            **batch.counts, "error_report": batch.report_path}
