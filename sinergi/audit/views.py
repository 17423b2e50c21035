from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.http import Http404
from django.shortcuts import render

from sinergi.audit.selectors import audit_history_for, audit_search
from sinergi.orgs.scoping import scoped_get
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@capability_required("audit.object_history")
def object_history(request, object_type: str, object_id: str):
    """The history of one record — only when the user may see the record itself."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        raise Http404 from None
    obj = scoped_get(model, request.user, pk=object_id)
    events = paginate(request, audit_history_for(user=request.user, obj=obj).select_related("actor_org"))
    return render(request, "audit/object_history.html", {"object": obj, "page": events})


@capability_required("audit.search")
def search(request):
    filters = {
        "text": request.GET.get("q", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "date_from": _parse_date(request.GET.get("from", "")),
        "date_to": _parse_date(request.GET.get("to", "")),
    }
    page = paginate(request, audit_search(user=request.user, **filters).select_related("actor_org"), default_size=50)
    return render(request, "audit/search.html", {"page": page, "filters": request.GET})
