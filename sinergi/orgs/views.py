from __future__ import annotations

from django.shortcuts import render

from sinergi.orgs.scoping import scoped_get
from sinergi.orgs.selectors import unit_tree_for, units_visible, users_visible
from sinergi.web.decorators import capability_required


@capability_required("orgs.view")
def my_unit(request):
    return unit_detail(request, request.user.org_unit_id or 0)


@capability_required("orgs.view")
def unit_detail(request, unit_id: int):
    unit = scoped_get(units_visible(user=request.user), request.user, pk=unit_id)
    tree = unit_tree_for(user=request.user, unit=unit)
    members = users_visible(user=request.user).filter(org_unit=unit).order_by("username")
    return render(request, "orgs/unit_detail.html", {
        "unit": unit, "tree": tree, "members": members,
        "jurisdiction": unit.jurisdiction.order_by("code"),
    })
