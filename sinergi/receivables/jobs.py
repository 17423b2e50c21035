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
