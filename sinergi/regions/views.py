from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from sinergi.regions.selectors import region_path, regions_search
from sinergi.web.decorators import capability_required


@capability_required("regions.search")
def search(request):
    """Region picker: an htmx partial, or JSON with ``?format=json`` for scripts and the API."""
    try:
        level = int(request.GET.get("level") or 0) or None
    except ValueError:
        level = None
    results = list(regions_search(
        user=request.user, query=request.GET.get("q", ""), level=level, within=request.GET.get("within", ""),
    ))
    rows = [{"code": r.code, "name": r.name, "kind": r.get_kind_display(), "path": region_path(r)} for r in results]
    if request.GET.get("format") == "json":
        return JsonResponse({"results": rows})
    return render(request, "regions/_results.html", {"rows": rows, "target": request.GET.get("target", "")})
