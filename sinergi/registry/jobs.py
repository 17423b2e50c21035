"""The registry's job kinds: importing employers, workers, employment and wages from a file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.jobs.registry import job_kind
from sinergi.registry.imports import KIND_LABELS, registry_import


@job_kind("registry.import", label=_("Impor data kepesertaan"), capability="registry.import")
def registry_import_job(ctx) -> dict:
    """Params: ``path`` (absolute, readable by the worker), ``kind`` and optionally ``accept_valid``.

    A refused or rejected file still ends the job normally: the outcome is in the counts (``status``,
    ``message``) and in the per-row report, which is the user's answer, not a failure to retry.
    """
    params = ctx.params
    result = registry_import(
        path=params["path"], kind=params["kind"], actor=ctx.actor, accept_valid=bool(params.get("accept_valid")),
        progress=lambda done, total, message: ctx.progress(done, total, message),
    )
    ctx.add_file("laporan-impor.xlsx", result.report,
                 label=f"Laporan impor {KIND_LABELS[result.kind]} per baris (XLSX)")
    return result.counts()
