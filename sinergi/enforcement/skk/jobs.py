"""Job kind of the SKK screens: the legacy SKK register import (``enforcement.legacy_import``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.enforcement.skk.imports import KIND, legacy_import
from sinergi.jobs.registry import job_kind


@job_kind(KIND, label=_("Impor register SKK lama"), capability="enforcement.import")
def legacy_import_job(ctx) -> dict:
    """Params: ``path`` (readable by the worker), optionally ``branch`` (unit code) and ``accept_valid``.
    A refused or rejected file ends the job normally: the outcome is in the counts and the report."""
    params = ctx.params
    result = legacy_import(path=params["path"], actor=ctx.actor, branch=params.get("branch") or None,
                           accept_valid=bool(params.get("accept_valid")),
                           progress=lambda done, total, message: ctx.progress(done, total, message),
                           job=ctx.job)
    ctx.add_file("laporan-impor-skk.xlsx", result.report, label="Laporan impor register SKK per baris (XLSX)")
    return result.counts()

