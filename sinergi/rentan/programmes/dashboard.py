"""The programme dashboard: where the people of a programme stand, per OPD and per kecamatan, and how much of
the budget and of the quota is used. Every figure is one aggregate query over a scoped queryset (no loop
over rows in Python), so the page costs the same handful of queries for 90 rows or 900.000.

Scoping decides what each reader sees, with no special case here: the programme's own units (Disnaker,
Dinsos, the Pemda), its BPJS branch and BPKD see every row; an OPD verifier sees only the rows routed to
it — its own funnel, its own line of the OPD table, its own kecamatan counts — and no budget (budget lines
and payment batches are not scoped to the OPDs). BPKD sees the budget and the batches but not the DTKS rows.

Definitions: *imported* = every row of every import batch; *valid* = import status valid (whatever the
verification); *verified* = verified by the OPD (including those approved since); *approved* = approved by
Disnaker; *enrolled* = enrolled as a BPU participant; *paid* = in at least one batch that BPKD paid (paid or
reconciled). The quota counts the enrolled.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Substr

from sinergi.orgs.scoping import scoped
from sinergi.regions.models import Region
from sinergi.rentan.models import (
    BudgetLine,
    Candidate,
    ContributionCode,
    PaymentBatch,
    PaymentBatchLine,
    Programme,
)
from sinergi.rules.money import ZERO

V = Candidate.Verification
PAID = (PaymentBatch.Status.PAID, PaymentBatch.Status.RECONCILED)
FUNNEL = ("imported", "valid", "verified", "approved", "enrolled", "paid")


@dataclass(frozen=True)
class BudgetRow:
    line: BudgetLine
    used: Decimal  # submitted, paid and reconciled batches
    paid: Decimal  # paid and reconciled batches

    @property
    def remaining(self) -> Decimal:
        return self.line.amount - self.used

    @property
    def used_percent(self) -> Decimal:
        return 100 * self.used / self.line.amount if self.line.amount else ZERO


def _candidates(programme: Programme, user):
    return scoped(Candidate, user).filter(programme=programme)


def funnel(*, programme: Programme, user) -> dict[str, int]:
    paid = PaymentBatchLine.objects.filter(candidate=OuterRef("pk"), batch__status__in=PAID)
    qs = _candidates(programme, user).annotate(is_paid=Exists(paid))
    counts = qs.aggregate(
        imported=Count("pk"),
        valid=Count("pk", filter=Q(status=Candidate.Status.VALID)),
        verified=Count("pk", filter=Q(verification=V.VERIFIED)),
        approved=Count("pk", filter=Q(approved_at__isnull=False)),
        enrolled=Count("pk", filter=Q(participant__isnull=False)),
        paid=Count("pk", filter=Q(is_paid=True)),
    )
    return {key: counts[key] or 0 for key in FUNNEL}


def per_opd(*, programme: Programme, user) -> list[dict]:
    """One row per OPD the reader sees rows of: pending, verified, needs correction, not eligible."""
    rows = (_candidates(programme, user).filter(opd__isnull=False)
            .values("opd_id", "opd__name")
            .annotate(pending=Count("pk", filter=Q(verification=V.PENDING)),
                      verified=Count("pk", filter=Q(verification=V.VERIFIED)),
                      needs_correction=Count("pk", filter=Q(verification=V.NEEDS_CORRECTION)),
                      not_eligible=Count("pk", filter=Q(verification=V.NOT_ELIGIBLE)),
                      total=Count("pk"))
            .order_by("opd__name"))
    return list(rows)


def per_district(*, programme: Programme, user) -> list[dict]:
    """One row per kecamatan of the programme's region (the first 8 characters of the dotted village code):
    imported, valid, verified, enrolled — with the kecamatan's name from the region table (one more query);
    rows from elsewhere, or without a village code, summed into a last row marked ``outside``."""
    rows = list(_candidates(programme, user).annotate(district=Substr("village_code", 1, 8))
                .values("district")
                .annotate(imported=Count("pk"), valid=Count("pk", filter=Q(status=Candidate.Status.VALID)),
                          verified=Count("pk", filter=Q(verification=V.VERIFIED)),
                          enrolled=Count("pk", filter=Q(participant__isnull=False)))
                .order_by("district"))
    # Rows from outside the programme's region (refused by the import) are summed into one line.
    prefix = f"{programme.region_id}."
    inside = [r for r in rows if (r["district"] or "").startswith(prefix)]
    outside = [r for r in rows if not (r["district"] or "").startswith(prefix)]
    names = dict(Region.objects.filter(code__in=[r["district"] for r in inside]).values_list("code", "name"))
    for row in inside:
        row["name"] = names.get(row["district"], "")
    if outside:
        inside.append({"district": "", "name": "", "outside": True,
                       **{key: sum(r[key] for r in outside) for key in ("imported", "valid", "verified", "enrolled")}})
    return inside


def budget(*, programme: Programme, user) -> list[BudgetRow]:
    lines = list(scoped(BudgetLine, user).filter(programme=programme).order_by("account", "source", "number"))
    if not lines:
        return []
    sums = {row["budget_line"]: row for row in
            ContributionCode.objects.filter(budget_line__in=[line.pk for line in lines])
            .exclude(batch__status=PaymentBatch.Status.DRAFT).values("budget_line")
            .annotate(used=Sum("amount"), paid=Sum("amount", filter=Q(batch__status__in=PAID))).order_by()}
    return [BudgetRow(line, (sums.get(line.pk) or {}).get("used") or ZERO,
                      (sums.get(line.pk) or {}).get("paid") or ZERO) for line in lines]


def batches(*, programme: Programme, user) -> list[PaymentBatch]:
    return list(scoped(PaymentBatch, user).filter(programme=programme).order_by("-period"))


def programme_dashboard(*, programme: Programme, user) -> dict:
    """Everything the dashboard page shows, in eight queries."""
    steps = funnel(programme=programme, user=user)
    budget_rows = budget(programme=programme, user=user)
    pagu = sum((r.line.amount for r in budget_rows), ZERO)
    used = sum((r.used for r in budget_rows), ZERO)
    return {
        "funnel": [(key, steps[key]) for key in FUNNEL],
        "funnel_max": max(steps.values()) or 1,
        "opds": per_opd(programme=programme, user=user),
        "districts": per_district(programme=programme, user=user),
        "budget": budget_rows,
        "budget_total": {"pagu": pagu, "used": used, "remaining": pagu - used,
                         "paid": sum((r.paid for r in budget_rows), ZERO)},
        "quota": {"quota": programme.quota, "used": steps["enrolled"],
                  "percent": 100 * Decimal(steps["enrolled"]) / programme.quota if programme.quota else ZERO},
        "batches": batches(programme=programme, user=user),
    }
