"""Job kind of the reports: the arrears exchange for many employers (``enforcement.exchange_export``).

The exchange's denda is computed by the rules for every bill of every employer in it; past
``EXCHANGE_DIRECT_MAX`` rows the download runs here, with the requesting user's scope (``ctx.actor``), and
leaves the CSV and the XLSX as the job's files. Read-only, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy

from sinergi.jobs.registry import job_kind


@job_kind("enforcement.exchange_export", label=gettext_lazy("Data tunggakan untuk Kejaksaan"),
          capability="enforcement.exchange")
def exchange_export_job(ctx) -> dict:
    from sinergi.enforcement.reports.exports import exchange_csv, exchange_sheets
    from sinergi.enforcement.reports.selectors import exchange_build
    from sinergi.orgs.models import OrgUnit
    from sinergi.sheets import sheets_xlsx

    params = ctx.params
    kejari = OrgUnit.objects.filter(code=params.get("kejari") or "").first()
    on = dt.date.fromisoformat(params["on"]) if params.get("on") else None
    result = exchange_build(user=ctx.actor, kejari=kejari, on=on)
    stem = f"tunggakan-{kejari.code if kejari else 'semua'}-{result.on:%Y%m%d}"
    ctx.add_file(f"{stem}.csv", exchange_csv(result.rows), label=str(gettext_lazy("CSV (mesin)")))
    ctx.add_file(f"{stem}.xlsx", sheets_xlsx(exchange_sheets(result)), label="XLSX")
    return {"employers": len(result.rows), "principal": int(result.principal), "penalty": int(result.penalty)}
