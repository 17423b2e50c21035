"""Job kinds of the receivables ledger (registered from ReceivablesConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.jobs.registry import job_kind
from sinergi.orgs.models import OrgUnit
from sinergi.receivables.billing import billing_run
from sinergi.receivables.payments import payments_import


@job_kind("receivables.billing_run", label=_("Proses penagihan iuran"), capability="receivables.billing")
def billing_run_job(ctx) -> dict:
    branch = OrgUnit.objects.get(code=ctx.params["branch"]) if ctx.params.get("branch") else None
    run = billing_run(period=ctx.params["period"], actor=ctx.actor, branch=branch,
                      progress=lambda done, total, message: ctx.progress(done, total, message))
    return {"run": run.pk, **run.counts}


PAYMENTS_REPORT = "laporan-impor-pembayaran.xlsx"


@job_kind("receivables.payments_import", label=_("Impor berkas pembayaran bank"), capability="receivables.payments")
def payments_import_job(ctx) -> dict:
    # A rejected file is an outcome, not a failure of the job: the counts and the report say why.
    result = payments_import(path=ctx.params["path"], actor=ctx.actor,
                             accept_valid=bool(ctx.params.get("accept_valid")),
                             progress=lambda done, total, message: ctx.progress(done, total, message))
    ctx.add_file(PAYMENTS_REPORT, result.report, label=str(_("Laporan per baris")))
    return {"status": "rejected" if result.rejected else "applied", **result.counts, "message": result.message}


@job_kind("receivables.collectibility_snapshot", label=_("Potret kolektibilitas bulanan"),
          capability="receivables.billing")
def collectibility_snapshot_job(ctx) -> dict:
    import datetime as dt

    from sinergi.receivables.aging import collectibility_snapshot

    first = dt.date.fromisoformat(ctx.params["from"] + "-01")
    last = dt.date.fromisoformat(ctx.params.get("to", ctx.params["from"]) + "-01")
    months, month = [], first
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    totals: dict[str, int] = {"months": len(months)}
    for done, month in enumerate(months, start=1):
        counts = collectibility_snapshot(month=month, actor=ctx.actor)
        ctx.progress(done, len(months), month.strftime("%Y-%m"))
        for key in ("lancar", "kurang_lancar", "diragukan", "macet"):
            totals[f"{key}_{month:%Y_%m}"] = counts.get(key, 0)
    return totals


@job_kind("receivables.summaries_refresh", label=_("Perbarui posisi piutang pemberi kerja"),
          capability="receivables.billing", every=__import__("datetime").timedelta(hours=6))
def summaries_refresh_job(ctx) -> dict:
    from sinergi.receivables.summaries import summaries_refresh

    return {"employers": summaries_refresh()}
