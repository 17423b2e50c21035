"""Reads of the receivables ledger for users, always within their scope."""

from __future__ import annotations

import datetime as dt

from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped
from sinergi.receivables.aging import AgingResult, aging_compute


def branches_visible(*, user):
    """The BPJS branches whose receivables the user may see (through the one scoping mechanism)."""
    return scoped(OrgUnit.objects.filter(kind=UnitKind.BPJS_CABANG.value), user).order_by("name")


def aging_for(*, user, as_of: dt.date, branch: OrgUnit | None = None) -> AgingResult:
    """Aging over the user's branches, or one of them; a branch outside the scope yields nothing."""
    visible = list(branches_visible(user=user).values_list("pk", flat=True))
    if branch is not None:
        ids = [pk for pk in visible if pk in set(OrgUnit.objects.filter(path__startswith=branch.path)
                                                  .values_list("pk", flat=True))]
    else:
        ids = visible
    return aging_compute(as_of=as_of, branch_ids=ids)
