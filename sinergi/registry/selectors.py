"""Reading the registry: the employers and branches a user sees, one employer's workers, one worker.

The employers with their receivables figures (the list, its totals, one employer's position) are in
``sinergi.receivables.positions``, which builds on this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from sinergi.clock import today
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, scoped_get
from sinergi.registry.models import MONEY, BpuParticipant, Employer, Employment, WageReport, Worker

MONEY_FIELD = DecimalField(**MONEY)


def _active_on(on: dt.date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def employers_visible(*, user) -> QuerySet[Employer]:
    return scoped(Employer.objects.all(), user)


def branches_visible(*, user) -> QuerySet[OrgUnit]:
    """The branch offices the user may filter the employer list by."""
    return scoped(OrgUnit.objects.filter(kind=UnitKind.BPJS_CABANG, is_active=True), user).order_by("name")




def employer_workers(*, user, employer: Employer, include_ended: bool = False,
                     on: dt.date | None = None) -> QuerySet[Employment]:
    """The employer's employments (active on ``on`` unless ``include_ended``) with the wage in force then."""
    on = on or today()
    qs = scoped(Employment.objects.filter(employer=employer), user)
    if not include_ended:
        qs = qs.filter(_active_on(on))
    wage = WageReport.objects.filter(employment=OuterRef("pk"), effective_from__lte=on).order_by("-effective_from")
    return (qs.select_related("worker")
            .annotate(current_wage=Subquery(wage.values("wage")[:1], output_field=MONEY_FIELD),
                      current_wage_from=Subquery(wage.values("effective_from")[:1]))
            .order_by("worker__name", "worker_id", "-start_date"))


@dataclass
class WorkerDetail:
    worker: Worker
    employments: list[Employment] = field(default_factory=list)
    bpu: list[BpuParticipant] = field(default_factory=list)


def worker_get(*, user, pk: int) -> Worker:
    return scoped_get(Worker.objects.select_related("region"), user, pk=pk)


def worker_detail(*, user, pk: int) -> WorkerDetail:
    """A worker with the employments (and wage history) and BPU memberships the user may see.

    A worker employed in two branches is visible to both, but each branch sees only its own employments.
    """
    worker = worker_get(user=user, pk=pk)
    employments = (scoped(Employment.objects.filter(worker=worker), user)
                   .select_related("employer__branch")
                   .prefetch_related(Prefetch("wages", queryset=WageReport.objects.order_by("-effective_from")))
                   .order_by("-start_date"))
    bpu = (scoped(BpuParticipant.objects.filter(worker=worker), user)
           .select_related("branch", "funder").order_by("-start_date"))
    return WorkerDetail(worker=worker, employments=list(employments), bpu=list(bpu))
