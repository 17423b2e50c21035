"""Screens of the vulnerable-worker programmes themselves: the list, a programme and its setup form. The DTKS
upload is in ``imports/views.py``, the candidate screens in ``verification/views.py``. Every
list goes through ``scoped``, every record through ``scoped_get``, and every write through a service (which
checks capability and scope again, and audits)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.clock import today
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.rentan.models import Candidate, ImportBatch, OccupationRoute, Programme
from sinergi.rentan.programmes.dashboard import programme_dashboard
from sinergi.rentan.programmes.forms import (
    BudgetLineFormSet,
    ProgrammeForm,
    RoutesForm,
)
from sinergi.rentan.programmes.services import BudgetLineSpec, monthly_contribution, programme_create
from sinergi.rentan.verification import services as workflow
from sinergi.rentan.verification.views import is_filtered
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate


def _pemda_of(unit: OrgUnit | None) -> OrgUnit | None:
    while unit is not None and unit.kind not in (UnitKind.PEMKAB, UnitKind.PEMPROV):
        unit = unit.parent
    return unit


# --- programmes ------------------------------------------------------------------------------------------

def _count(model_filter: dict) -> Subquery:
    return Coalesce(Subquery(Candidate.objects.filter(programme=OuterRef("pk"), **model_filter).order_by()
                             .values("programme").annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


@require_GET
@capability_required("rentan.view")
def programme_list(request):
    programmes = scoped(Programme, request.user).select_related("pemda", "owner", "region")
    text = request.GET.get("q", "").strip()
    if text:
        programmes = programmes.filter(Q(code__icontains=text) | Q(name__icontains=text))
    status = request.GET.get("status", "")
    if status in Programme.Status.values:
        programmes = programmes.filter(status=status)
    programmes = programmes.annotate(rows=_count({}), enrolled=_count({"participant__isnull": False})) \
        .order_by("-period_start", "code")
    return render(request, "rentan/programme_list.html", {
        "page": paginate(request, programmes), "q": text, "status": status,
        "statuses": Programme.Status.choices, "filtered": is_filtered(request),
    })


def _period_for_contribution(programme: Programme):
    month = today().replace(day=1)
    return min(max(month, programme.period_start), programme.period_end)


@require_GET
@capability_required("rentan.view")
def programme_detail(request, programme_id: int):
    programme = scoped_get(Programme.objects.select_related("pemda", "owner", "data_unit", "treasury", "branch",
                                                            "region"), request.user, pk=programme_id)
    period = _period_for_contribution(programme)
    contribution = monthly_contribution(programme, period)
    lines = list(programme.budget_lines.all())
    batches = scoped(ImportBatch, request.user).filter(programme=programme).select_related("created_by")
    categories = dict(OccupationRoute.Category.choices)
    return render(request, "rentan/programme_detail.html", {
        "programme": programme, "contribution": contribution, "contribution_period": period,
        "budget_lines": lines, "budget_total": sum(line.amount for line in lines),
        "annual_cost": contribution["total"] * programme.quota * 12,
        "routes": programme.routes.select_related("opd").order_by("id"),
        "eligible": [categories.get(c, c) for c in programme.eligible_categories],
        "batches": batches[:20], "counts": workflow.programme_counts(programme),
    })


def _programme_form_context(request, form, lines, routes, programme=None, status=200):
    return render(request, "rentan/programme_form.html", {
        "form": form, "lines": lines, "routes": routes, "programme": programme,
    }, status=status)


def _pemdas(user) -> list[OrgUnit]:
    if user_can(user, "admin.site"):
        return list(OrgUnit.objects.filter(kind__in=[UnitKind.PEMKAB, UnitKind.PEMPROV], is_active=True)
                    .order_by("name"))
    pemda = _pemda_of(user.org_unit)
    return [pemda] if pemda else []


def _branches() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(kind=UnitKind.BPJS_CABANG, is_active=True).order_by("name"))


@require_http_methods(["GET", "POST"])
@capability_required("rentan.manage")
def programme_create_view(request):
    pemdas = _pemdas(request.user)
    if not pemdas:
        raise PermissionDenied
    data = request.POST or None
    form = ProgrammeForm(data, pemdas=pemdas, branches=_branches())
    lines = BudgetLineFormSet(data, prefix="lines")
    routes = RoutesForm(data, opds=workflow.opd_choices(pemdas[0]), initial_routes={}, prefix="route")
    if not form.is_bound:
        region = pemdas[0].region_id
        branch = next((b for b in _branches() if b.jurisdiction.filter(code=region).exists()), None)
        form.initial.update({"branch": str(branch.pk) if branch else "", "legal_basis_type": "perda"})
    if form.is_bound and form.is_valid() & lines.is_valid() & routes.is_valid():
        data = form.cleaned_data
        if Programme.objects.filter(code=data["code"]).exists():
            form.add_error("code", _("Kode program %(code)s sudah dipakai.") % {"code": data["code"]})
            form.mark_invalid()
        else:
            try:
                programme = programme_create(
                    code=data["code"], name=data["name"], pemda=data["pemda"], region=data["pemda"].region,
                    legal_basis_type=data["legal_basis_type"], legal_basis_number=data["legal_basis_number"],
                    legal_basis_year=data["legal_basis_year"], period_start=data["period_start"],
                    period_end=data["period_end"], quota=data["quota"], branch=data["branch"], jht=data["jht"],
                    declared_income=data["declared_income"], age_min=data["age_min"], age_max=data["age_max"],
                    eligible_categories=data["eligible_categories"], actor=request.user,
                    routes={k: v for k, v in routes.routes().items()},
                    budget_lines=[BudgetLineSpec(s["source"], s["account"], s["code"], s["name"], s["amount"])
                                  for s in lines.specs()])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Program %(code)s dibuat.") % {"code": programme.code})
                return redirect("rentan:programme_detail", programme_id=programme.pk)
    return _programme_form_context(request, form, lines, routes, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@capability_required("rentan.manage")
def programme_edit(request, programme_id: int):
    programme = scoped_get(Programme, request.user, pk=programme_id)
    data = request.POST or None
    initial = {name: getattr(programme, name) for name in workflow.PROGRAMME_FIELDS if name != "branch"}
    initial["branch"] = str(programme.branch_id or "")
    initial["declared_income"] = f"{programme.declared_income:,.0f}".replace(",", ".")
    form = ProgrammeForm(data, initial=initial, pemdas=[programme.pemda], branches=_branches(), programme=programme)
    lines = BudgetLineFormSet(data, prefix="lines", initial=[
        {"source": b.source, "account": b.account, "code": b.code, "name": b.name,
         "amount": f"{b.amount:,.0f}".replace(",", ".")} for b in programme.budget_lines.all()])
    current = {r.category: r.opd for r in programme.routes.select_related("opd")}
    routes = RoutesForm(data, opds=workflow.opd_choices(programme), initial_routes=current, prefix="route")
    if form.is_bound and form.is_valid() & lines.is_valid() & routes.is_valid():
        values = dict(form.cleaned_data)
        if values.get("declared_income") is None:
            values.pop("declared_income")
        for bound in ("age_min", "age_max"):
            if values.get(bound) is None:
                values.pop(bound)
        try:
            workflow.programme_update(programme=programme, values=values, budget_lines=lines.specs(),
                                      routes=routes.routes(), actor=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            form.mark_invalid()
        else:
            messages.success(request, _("Perubahan program %(code)s disimpan.") % {"code": programme.code})
            return redirect("rentan:programme_detail", programme_id=programme.pk)
    return _programme_form_context(request, form, lines, routes, programme=programme,
                                   status=400 if form.is_bound else 200)


# --- dashboard -------------------------------------------------------------------------------------------

@require_GET
@capability_required("rentan.view")
def dashboard(request, programme_id: int):
    programme = scoped_get(Programme, request.user, pk=programme_id)
    data = programme_dashboard(programme=programme, user=request.user)
    labels = {"imported": _("Diimpor"), "valid": _("Valid"), "verified": _("Terverifikasi"),
              "approved": _("Disetujui"), "enrolled": _("Terdaftar BPU"), "paid": _("Dibayar")}
    data["funnel"] = [{"key": k, "label": labels[k], "count": n, "width": round(100 * n / data["funnel_max"])}
                      for k, n in data["funnel"]]
    return render(request, "rentan/dashboard.html", {"programme": programme, "as_of": today(), **data})
