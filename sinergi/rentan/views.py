"""Screens of the vulnerable-worker programmes themselves: the list, a programme, its setup form, the DTKS
upload with the job's progress and an import batch. The candidate screens are in ``candidate_views``. Every
list goes through ``scoped``, every record through ``scoped_get``, and every write through a service (which
checks capability and scope again, and audits)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.clock import today
from sinergi.jobs.models import Job
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.rentan import workflow
from sinergi.rentan.candidate_views import XLSX, S, is_filtered
from sinergi.rentan.forms import (
    BudgetLineFormSet,
    ProgrammeForm,
    RoutesForm,
    UploadForm,
)
from sinergi.rentan.models import Candidate, ImportBatch, OccupationRoute, Programme
from sinergi.rentan.programmes import BudgetLineSpec, monthly_contribution, programme_create
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.uploads import upload_store


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


# --- import ----------------------------------------------------------------------------------------------

def _job_batch(job: Job) -> ImportBatch | None:
    batch = ImportBatch.objects.filter(job=job).first()
    if batch is None and isinstance(job.counts, dict) and str(job.counts.get("batch", "")).isdigit():
        batch = ImportBatch.objects.filter(pk=int(job.counts["batch"])).first()
    return batch


@require_http_methods(["GET", "POST"])
@capability_required("rentan.import")
def import_upload(request, programme_id: int):
    programme = scoped_get(Programme, request.user, pk=programme_id)
    job = None
    if request.GET.get("job"):
        try:
            job = scoped(Job, request.user).filter(pk=request.GET["job"], kind="rentan.import").first()
        except ValidationError:
            job = None
    if job is not None and request.GET.get("part") == "progress":
        return render(request, "rentan/_import_progress.html", {"programme": programme, "job": job,
                                                               "batch": _job_batch(job)})
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            path = upload_store(file=file, actor=request.user)
        except ValidationError as error:
            form.add_error("file", error)
            form.mark_invalid()
        else:
            job = job_enqueue(kind="rentan.import", actor=request.user, params={
                "programme": programme.code, "path": str(path), "file_name": Path(file.name).name,
            })
            messages.success(request, _("Berkas %(name)s diterima; impor berjalan sebagai pekerjaan latar "
                                        "belakang.") % {"name": Path(file.name).name})
            return redirect(reverse("rentan:import_upload", args=[programme.pk]) + f"?job={job.pk}")
    from sinergi.rentan.imports import COLUMNS

    def names(column):
        return column.headers[0] + (f" ({', '.join(column.headers[1:])})" if len(column.headers) > 1 else "")

    batches = scoped(ImportBatch, request.user).filter(programme=programme).select_related("created_by")
    return render(request, "rentan/import.html", {
        "programme": programme, "form": form, "job": job, "batch": _job_batch(job) if job else None,
        "page": paginate(request, batches),
        "required": ", ".join(names(c) for c in COLUMNS if c.required),
        "optional": ", ".join(names(c) for c in COLUMNS if not c.required),
    }, status=400 if form.is_bound else 200)


def _report_file(batch: ImportBatch) -> Path | None:
    if not batch.report_path:
        return None
    path = Path(batch.report_path)
    path = path if path.is_absolute() else Path(settings.VAR_DIR) / path
    try:
        path.resolve().relative_to(Path(settings.VAR_DIR).resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


@require_GET
@capability_required("rentan.view")
def batch_detail(request, programme_id: int, batch_id: int):
    batch = scoped_get(ImportBatch.objects.select_related("programme", "created_by", "job"), request.user,
                       pk=batch_id, programme_id=programme_id)
    report = _report_file(batch)
    if request.GET.get("format") == "xlsx":
        if report is None:
            raise Http404
        return FileResponse(report.open("rb"), as_attachment=True,
                            filename=f"laporan-impor-{batch.programme.code}-{batch.number}.xlsx", content_type=XLSX)
    statuses = dict(Candidate.objects.filter(batch=batch).values_list("status").annotate(n=Count("pk"))
                    .order_by().values_list("status", "n"))
    rows = [(value, label, statuses.get(value, 0)) for value, label in S.choices]
    return render(request, "rentan/import_batch.html", {
        "programme": batch.programme, "batch": batch, "rows": rows, "total": sum(statuses.values()),
        "report": report, "can_candidates": user_can(request.user, "rentan.candidates"),
    })
