"""The coverage pages (``/cakupan/``): the report with its filters, trend and regency table, the drill-down
to employers, the prospecting list, and the workforce estimates with their upload. Every figure comes from
``coverage.selectors`` through the user's scope; the XLSX and PDF are the same report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.clock import today
from sinergi.coverage.charts import shade, trend_svg
from sinergi.coverage.exports import report_sheets
from sinergi.coverage.forms import CoverageFilterForm, WorkforceUploadForm
from sinergi.coverage.selectors import (
    ScopeError,
    coverage_report,
    drilldown_employers,
    latest_month,
    prospect_employers,
    scope_resolve,
    workforce_visible,
)
from sinergi.coverage.services import month_start
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.scoping import user_can
from sinergi.rules.coverage import active_definition
from sinergi.rules.errors import RulesError
from sinergi.rules.periods import add_months
from sinergi.sheets import XLSX_CONTENT_TYPE, sheets_pdf, sheets_xlsx
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.uploads import upload_store


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _default_month(user, definition: str | None):
    code = active_definition(on=today(), choice=definition).code
    found = latest_month(user=user, definition=code)
    return found or add_months(month_start(today()), -1)


def _report(request):
    form = CoverageFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    definition = data.get("definisi") or None
    month = data.get("bulan") or _default_month(request.user, definition)
    try:
        scope = scope_resolve(province=data.get("provinsi", ""), regency=data.get("kabupaten", ""))
    except ScopeError as exc:
        form.add_error("kabupaten" if data.get("kabupaten") else "provinsi", str(exc))
        scope = scope_resolve()
    try:
        report = coverage_report(user=request.user, month=month, scope=scope, compare=data.get("banding") or None,
                                 definition=definition, programme=data.get("program") or "jkk",
                                 segment=data.get("segmen") or "", source=data.get("sumber") or "")
    except RulesError as exc:
        form.add_error(None, str(exc))
        report = coverage_report(user=request.user, month=add_months(month_start(today()), -1), scope=scope)
    return form, report


@require_GET
@capability_required("coverage.view")
def coverage_page(request):
    form, report = _report(request)
    fmt = request.GET.get("format", "")
    name = f"cakupan-{report.scope.code or 'semua'}-{report.month:%Y-%m}"
    if fmt == "xlsx":
        return _download(sheets_xlsx(report_sheets(report)), XLSX_CONTENT_TYPE, f"{name}.xlsx")
    if fmt == "pdf":
        return _download(sheets_pdf(report_sheets(report), title=f"Cakupan kepesertaan {report.scope.label}"),
                         "application/pdf", f"{name}.pdf")
    for row in report.regencies:
        row.shade = shade(row.coverage)
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "coverage/coverage.html", {
        "form": form, "report": report, "trend_svg": trend_svg(report.trend), "query": query.urlencode(),
        "can_drill": user_can(request.user, "registry.view"), "can_manage": user_can(request.user, "coverage.manage"),
    })


@require_GET
@capability_required("registry.view")
def employers_page(request):
    month = request.GET.get("bulan") or ""
    try:
        first = month_start(month) if month else _default_month(request.user, None)
    except ValueError:
        first = _default_month(request.user, None)
    regency, sector = request.GET.get("kabupaten", "")[:5], request.GET.get("sektor", "")[:1].upper()
    segment = request.GET.get("segmen", "")
    page = paginate(request, drilldown_employers(user=request.user, month=first, regency=regency, sector=sector,
                                                 segment=segment))
    return render(request, "coverage/employers.html", {"page": page, "month": first, "regency": regency,
                                                       "sector": sector, "segment": segment})


@require_GET
@capability_required("coverage.view")
def prospects_page(request):
    form, report = _report(request)
    gaps = sorted((r for r in report.regencies if r.gap is not None), key=lambda r: -r.gap)[:10]
    page = (paginate(request, prospect_employers(user=request.user, month=report.month))
            if user_can(request.user, "registry.view") else None)
    return render(request, "coverage/prospects.html", {"form": form, "report": report, "gaps": gaps,
                                                       "page": page})


@require_http_methods(["GET", "POST"])
@capability_required("coverage.view")
def workforce_page(request):
    can_manage = user_can(request.user, "coverage.manage")
    form = WorkforceUploadForm(request.POST or None, request.FILES or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                path = upload_store(file=data["file"], actor=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                job = job_enqueue(kind="coverage.workforce_import", actor=request.user, params={
                    "path": str(path), "source": data["source"], "publication": data["publication"],
                    "period": data["period"], "confidence": data["confidence"]})
                messages.success(request, _("Berkas %(name)s diterima; impor berjalan sebagai pekerjaan latar "
                                            "belakang.") % {"name": path.name})
                return redirect("jobs:detail", job_id=job.pk)
    estimates = workforce_visible(user=request.user).select_related("region").order_by(
        "source", "-year", "region_id", "category", "sector")
    page = paginate(request, estimates, default_size=50)
    return render(request, "coverage/workforce.html", {"form": form, "page": page, "can_manage": can_manage},
                  status=400 if form is not None and form.is_bound and form.errors else 200)


@require_GET
@capability_required("coverage.view")
def projects_page(request):
    from sinergi.coverage.jakon import projects_unregistered

    owners = projects_unregistered(user=request.user)
    return render(request, "coverage/projects.html", {
        "owners": owners, "total_value": sum((o.value for o in owners), 0),
        "total_estimated": sum((o.estimated for o in owners), 0)})
