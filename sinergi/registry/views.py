"""Registry screens: the employer list (and its XLSX export), an employer, a worker with a masked NIK."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sinergi.claims.selectors import worker_claims
from sinergi.clock import today
from sinergi.orgs.scoping import user_can
from sinergi.receivables import positions
from sinergi.receivables.position_exports import employers_xlsx
from sinergi.registry import selectors, services
from sinergi.registry.forms import EmployerFilterForm, NikUnmaskForm
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.sorting import sort_headers

# (sort key, column title, numeric column)
SORTABLE = {
    "npp": (_("NPP"), False),
    "name": (_("Nama"), False),
    "outstanding": (_("Tunggakan iuran"), True),
    "arrears": (_("Bulan menunggak"), True),
}
WORKERS_PER_PAGE = 50


def _sort_headers(current: str) -> dict[str, dict]:
    """For each sortable column: the link's sort value (toggling when it is the current one) and arrow."""
    key, descending = positions.parse_sort(current)
    return sort_headers(SORTABLE, key, descending)


@require_GET
@capability_required("registry.view")
def employer_list(request):
    user = request.user
    form = EmployerFilterForm(request.GET or None, user=user)
    form.is_valid()
    sort = request.GET.get("sort", positions.DEFAULT_SORT)
    employers = positions.employers_list(user=user, filters=form.filters(), sort=sort)
    if request.GET.get("format") == "xlsx":
        if not user_can(user, "registry.export"):
            raise PermissionDenied
        response = HttpResponse(
            employers_xlsx(employers),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="pemberi-kerja-{today():%Y%m%d}.xlsx"'
        return response
    if request.GET.get("part") == "totals":
        # Loaded by htmx after the page: the totals cover the whole filtered list and cost more than a page.
        return render(request, "registry/_employer_totals.html", {"totals": positions.employers_totals(employers)})
    page = paginate(request, positions.employers_pages(user=user, filters=form.filters(), sort=sort))
    return render(request, "registry/employer_list.html", {
        "form": form, "page": page,
        "headers": _sort_headers(sort),
        "filtered": any(v for k, v in request.GET.items() if k not in ("sort", "page", "size")),
        "can_export": user_can(user, "registry.export"),
    })


@require_GET
@capability_required("registry.view")
def employer_detail(request, pk: int):
    user = request.user
    detail = positions.employer_detail(user=user, pk=pk)
    include_ended = request.GET.get("tk") == "semua"
    workers = Paginator(
        selectors.employer_workers(user=user, employer=detail.employer, include_ended=include_ended),
        WORKERS_PER_PAGE,
    ).get_page(request.GET.get("tk_page"))
    return render(request, "registry/employer_detail.html", {
        "employer": detail.employer, "bills": detail.bills, "payments": detail.payments,
        "collectibility": detail.collectibility, "workers": workers, "include_ended": include_ended,
        "penalties": detail.penalties, "today": today(),
    })


def _worker_page(request, pk: int, *, nik_full: str | None = None, form=None, status: int = 200):
    detail = selectors.worker_detail(user=request.user, pk=pk)
    can_unmask = services.user_sees_full_nik(request.user)
    claims = None
    if user_can(request.user, "claims.view"):
        # The screens compose: the worker's claims come from the claims app, through its scoped selector.
        claims = list(worker_claims(user=request.user, worker=detail.worker))
    return render(request, "registry/worker_detail.html", {
        "worker": detail.worker, "employments": detail.employments, "bpu": detail.bpu, "nik_full": nik_full,
        "can_unmask": can_unmask, "unmask_form": form or (NikUnmaskForm() if can_unmask else None),
        "today": today(), "claims": claims,
    }, status=status)


@require_GET
@capability_required("registry.view")
def worker_detail(request, pk: int):
    return _worker_page(request, pk)


@never_cache
@require_POST
@capability_required("registry.view")
def worker_nik_unmask(request, pk: int):
    """Show the full NIK in this one response (never cached) and record it in the audit trail."""
    if not services.user_sees_full_nik(request.user):
        raise PermissionDenied
    worker = selectors.worker_get(user=request.user, pk=pk)
    form = NikUnmaskForm(request.POST)
    if not form.is_valid():
        return _worker_page(request, pk, form=form, status=400)
    nik = services.worker_nik_unmask(worker=worker, actor=request.user, reason=form.cleaned_data["reason"])
    return _worker_page(request, pk, nik_full=nik, form=NikUnmaskForm())
