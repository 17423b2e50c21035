"""Job kinds of coverage (registered from CoverageConfig.ready)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from sinergi import clock
from sinergi.coverage.services import coverage_facts_compute, month_start, months_between
from sinergi.jobs.registry import job_kind
from sinergi.rules.coverage import DEFINITIONS

REFRESH_MONTHS = 3  # late payments change "paid" for a few months; older months are stable enough


def _compute(ctx, months: list[dt.date], definitions: tuple[str, ...]) -> dict:
    totals: dict[str, object] = {"months": len(months), "rows": 0}
    done, total = 0, len(months) * len(definitions)
    for month in months:
        for definition in definitions:
            counts = coverage_facts_compute(month=month, definition=definition, actor=ctx.actor)
            totals["rows"] += counts["rows"]
            totals[f"jkk_{month:%Y_%m}_{definition}"] = counts["participants_jkk"]
            done += 1
            ctx.progress(done, total, f"{month:%Y-%m} {definition}")
    return totals


@job_kind("coverage.facts_compute", label=_("Hitung fakta cakupan bulanan"), capability="coverage.manage")
def facts_compute_job(ctx) -> dict:
    """Params: ``month`` (YYYY-MM), optional ``through`` (YYYY-MM, a range), ``definition`` (billed, paid or
    both; default both). Each month × definition is its own transaction, so a retry redoes only what is
    left (and redoing a finished one writes the same rows)."""
    params = ctx.params
    definition = params.get("definition") or "both"
    definitions = DEFINITIONS if definition == "both" else (definition,)
    if any(d not in DEFINITIONS for d in definitions):
        raise ValueError(f"definisi tidak dikenal: {definition!r}")
    months = months_between(params["month"], params.get("through") or params["month"])
    return _compute(ctx, months, definitions)


@job_kind("coverage.facts_refresh", label=_("Perbarui fakta cakupan bulan terakhir"), capability="coverage.manage",
          every=dt.timedelta(hours=24))
def facts_refresh_job(ctx) -> dict:
    """The last complete months (``REFRESH_MONTHS``), both definitions: payments keep arriving."""
    last = month_start(clock.today()) - dt.timedelta(days=1)
    first = month_start(last)
    for _i in range(REFRESH_MONTHS - 1):
        first = month_start(first - dt.timedelta(days=1))
    return _compute(ctx, months_between(first, last), DEFINITIONS)


@job_kind("coverage.workforce_import", label=_("Impor perkiraan angkatan kerja"), capability="coverage.manage")
def workforce_import_job(ctx) -> dict:
    """Params: ``path``, ``source`` and optionally ``publication``, ``definition``, ``period``, ``confidence``.
    A rejected file ends the job normally: the counts and the per-row report are the answer."""
    from sinergi.coverage.imports import workforce_import

    params = ctx.params
    result = workforce_import(
        path=params["path"], source=params["source"], actor=ctx.actor, publication=params.get("publication", ""),
        definition=params.get("definition") or "penduduk bekerja", period=params.get("period") or "agustus",
        confidence=params.get("confidence") or "C2",
        progress=lambda done, total, message: ctx.progress(done, total, message))
    ctx.add_file("laporan-impor-angkatan-kerja.xlsx", result.report, label="Laporan impor per baris (XLSX)")
    return result.counts()


@job_kind("coverage.projects_import", label=_("Impor daftar proyek jasa konstruksi"), capability="coverage.manage")
def projects_import_job(ctx) -> dict:
    """Params: ``path``, ``branch`` (the BPJS branch code that follows the projects up)."""
    from sinergi.coverage.jakon import projects_import
    from sinergi.orgs.models import OrgUnit

    branch = OrgUnit.objects.get(code=ctx.params["branch"])
    return projects_import(path=ctx.params["path"], branch=branch, actor=ctx.actor).counts()
