"""Job kinds of the receivables ledger (registered from ReceivablesConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.jobs.registry import job_kind
from sinergi.orgs.models import OrgUnit
from sinergi.receivables.billing import billing_run


@job_kind("receivables.billing_run", label=_("Proses penagihan iuran"), capability="receivables.billing")
def billing_run_job(ctx) -> dict:
    branch = OrgUnit.objects.get(code=ctx.params["branch"]) if ctx.params.get("branch") else None
    run = billing_run(period=ctx.params["period"], actor=ctx.actor, branch=branch,
                      progress=lambda done, total, message: ctx.progress(done, total, message))
    return {"run": run.pk, **run.counts}
