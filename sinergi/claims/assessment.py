"""Eligibility and amount of a claim, from the registry and the ledger, by the rules package.

What the ledger says about a worker: the receivables ledger bills an employer per month, not per worker, so a
month counts as **paid for the worker** when the worker was employed in it (the employment period overlaps
the month) and the employer's bill of that month is paid in full (every programme's principal) as of the day
the claim is assessed. A month without a bill (before the employer's first billing run) is not paid. This is
the reading of "bulan iuran yang telah dibayar" the JKP rules ask for (PP 37/2021 Pasal 19 ayat (3)); how
BPJS TK's core system counts a partly paid month is not known, and a partly paid month here does not count.

The employer's arrears are read **as of the event date** (PHK, accident, death): the principal and denda of
the bills due by then and unpaid then (``enforcement.skk.services.skk_amounts``, the same reading an SKK
hands over), and the number of such months, which the JKP and JKK rules use to say who bears the benefit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.registry.models import Employment, WageReport
from sinergi.rules import RulesError, jkk_benefit, jkm_benefit, jkp_benefit, to_jsonable
from sinergi.rules.money import ZERO
from sinergi.rules.periods import Period

# Which events each programme pays for in this slice, and how a JKK event maps to the rules' outcome.
# JHT and JP are registered in the model but not assessed yet: their amounts need the worker's own
# contribution history and declared yields, which the employer-level ledger does not hold (docs/claims.md).
SUPPORTED_EVENTS: dict[str, tuple[str, ...]] = {
    "jkk": ("accident", "accident_disability", "accident_death"),
    "jkm": ("death",),
    "jkp": ("dismissal",),
}
JKK_OUTCOMES = {"accident": "injury", "accident_disability": "total_disability", "accident_death": "death"}


@dataclass(frozen=True)
class Assessment:
    eligible: bool
    amount: Decimal
    payer: str
    explanation: dict
    arrears: Decimal = ZERO
    arrears_months: int = 0
    schedule: tuple = field(default=())


def paid_periods(*, employment: Employment, as_of: dt.date, until: dt.date) -> list[Period]:
    """The months of ``employment`` up to ``until`` whose employer bill was paid in full as of ``as_of``."""
    from sinergi.receivables.ledger import outstanding_lines

    first = Period.of(employment.start_date)
    last = Period.of(min(until, employment.end_date or until))
    by_month: dict[dt.date, list] = {}
    for line in outstanding_lines(as_of=as_of, employers=[employment.employer_id], open_only=False):
        period = Period.of(line.period)
        if first <= period <= last:
            by_month.setdefault(line.period, []).append(line)
    return [Period.of(month) for month, lines in sorted(by_month.items())
            if sum((ln.billed for ln in lines), ZERO) > 0 and all(ln.outstanding <= 0 for ln in lines)]


def wage_on(*, employment: Employment, on: dt.date) -> Decimal | None:
    """The wage reported for ``employment`` in force on ``on`` (the latest report effective by then)."""
    report = (WageReport.objects.filter(employment=employment, effective_from__lte=on)
              .order_by("-effective_from", "-id").first())
    return report.wage if report is not None else None


def _arrears(employment: Employment, on: dt.date) -> tuple[Decimal, int]:
    from sinergi.enforcement.skk.services import skk_amounts

    amounts = skk_amounts(employment.employer_id, on)
    return amounts.amount, len(amounts.months)


def _lines(lines) -> list[dict]:
    return [to_jsonable(line) for line in lines]


def assess(*, programme: str, event: str, event_date: dt.date, submitted_on: dt.date, employment: Employment,
           phk_reason: str = "") -> Assessment:
    """The rules' answer for one claim. Raises ValidationError (on ``event_date`` or ``employment``) when the
    rules cannot compute: no wage reported, or an event before the benefit's law took effect."""
    wage = wage_on(employment=employment, on=event_date)
    if wage is None and programme != "jkm":  # JKM's amounts are fixed sums, not shares of the wage
        raise ValidationError({"identifier": _("Belum ada upah yang dilaporkan untuk kepesertaan ini pada "
                                               "tanggal kejadian; manfaat tidak dapat dihitung.")})
    arrears, arrears_months = _arrears(employment, event_date)
    ledger = {"employer_arrears": arrears, "employer_arrears_months": arrears_months, "wage": wage,
              "as_of": submitted_on}
    try:
        if programme == "jkp":
            periods = paid_periods(employment=employment, as_of=submitted_on, until=event_date)
            result = jkp_benefit(wage=wage, phk_date=event_date, paid_periods=periods, claim_date=submitted_on,
                                 employer_arrears_months=arrears_months, phk_reason=phk_reason or None,
                                 company_closed=phk_reason == "company_closed")
            ledger["paid_periods"] = [str(p) for p in periods]
            ledger["contribution_months"] = result.contribution_months
            ledger["consecutive_months"] = result.consecutive_months
            schedule = tuple({"month": m.month, "rate": m.rate, "amount": m.amount} for m in result.schedule)
            explanation = {"regime": result.regime, "lines": _lines(result.lines),
                           "services": _lines(result.services), "claim_deadline": result.claim_deadline,
                           "schedule": schedule}
        elif programme == "jkm":
            membership = _membership_months(employment, event_date)
            result = jkm_benefit(death_date=event_date, membership_months=membership)
            ledger["membership_months"] = membership
            schedule = ()
            explanation = {"lines": _lines(result.lines)}
        else:
            result = jkk_benefit(accident_date=event_date, wage=wage, outcome=JKK_OUTCOMES[event],
                                 employer_in_arrears=arrears_months > 0)
            schedule = ()
            explanation = {"lines": _lines(result.lines)}
    except RulesError as error:
        raise ValidationError({"event_date": error.message("id")}) from error
    reasons = list(getattr(result, "reasons", ()))
    codes = list(getattr(result, "reason_codes", ()))
    eligible = getattr(result, "eligible", True) if programme == "jkp" else True
    explanation.update({"reasons": reasons, "reason_codes": codes, "assumptions": list(result.assumptions),
                        "payer": result.payer if hasattr(result, "payer") else "bpjs", "ledger": ledger})
    return Assessment(eligible=eligible, amount=result.total, payer=explanation["payer"],
                      explanation=to_jsonable(explanation), arrears=arrears, arrears_months=arrears_months,
                      schedule=schedule)


def _membership_months(employment: Employment, on: dt.date) -> int:
    """Whole months from the start of the worker's earliest employment to ``on``."""
    start = (Employment.objects.filter(worker_id=employment.worker_id, start_date__lte=on)
             .order_by("start_date").values_list("start_date", flat=True).first()) or employment.start_date
    months = (on.year - start.year) * 12 + on.month - start.month - (1 if on.day < start.day else 0)
    return max(months, 0)
