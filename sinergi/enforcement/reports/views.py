"""The report pages: monev for the prosecutors, PUPN per Kanwil DJKN, the arrears data exchange, and the
enforcement dashboard. Each page and its downloads (``?format=xlsx|pdf|csv``) show the same selector's
result, which reads through ``scoped`` (sinergi.enforcement.reports.selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.clock import today
from sinergi.enforcement.models import PupnHandover, Skk
from sinergi.enforcement.pupn.forms import ExchangeForm, MonevForm, PupnReportForm
from sinergi.enforcement.reports.dashboard import dashboard_build, legend
from sinergi.enforcement.reports.exports import (
    EXCHANGE_COLUMNS,
    exchange_csv,
    exchange_sheets,
    monev_sheets,
    pupn_sheets,
)
from sinergi.enforcement.reports.selectors import (
    KEJAKSAAN_KINDS,
    exchange_build,
    exchange_fill_penalties,
    exchange_kejaksaan_units,
    monev_report,
    pupn_report,
)
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, user_can
from sinergi.regions.models import Region
from sinergi.sheets import XLSX_CONTENT_TYPE, sheets_pdf, sheets_xlsx
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _latest_year(qs, field: str) -> int:
    year = qs.annotate(y=ExtractYear(field)).order_by("-y").values_list("y", flat=True).first()
    return year or today().year


# --- monev -----------------------------------------------------------------------------------------------

def monev_provinces() -> list[tuple[str, str]]:
    codes = sorted({code.split(".")[0] for code in OrgUnit.objects.filter(kind=UnitKind.KEJARI.value,
                                                                           is_active=True)
                    .values_list("region_id", flat=True) if code})
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [(c, names.get(c, c)) for c in codes]


def _default_province(user, provinces: list[tuple[str, str]]) -> str:
    region = getattr(getattr(user, "org_unit", None), "region_id", None) or ""
    codes = [c for c, _n in provinces]
    return region.split(".")[0] if region.split(".")[0] in codes else (codes[0] if codes else "")


@require_GET
@capability_required("enforcement.reports")
def monev(request):
    provinces = monev_provinces()
    form = MonevForm(request.GET or None, provinces=provinces)
    form.is_valid()
    province = (form.cleaned_data.get("provinsi") if form.is_bound and not form.errors.get("provinsi") else "") \
        or _default_province(request.user, provinces)
    period = form.period(_latest_year(scoped(Skk, request.user), "dated"))
    report = monev_report(user=request.user, province=province, period=period)
    fmt = request.GET.get("format", "")
    stem = f"monev-skk-{province}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}"
    if fmt == "xlsx":
        return _download(sheets_xlsx(monev_sheets(report)), XLSX_CONTENT_TYPE, f"{stem}.xlsx")
    if fmt == "pdf":
        return _download(sheets_pdf(monev_sheets(report), title=monev_sheets(report)[0].title), "application/pdf",
                         f"{stem}.pdf")
    return render(request, "enforcement/report_monev.html", {"form": form, "report": report,
                                                             "province": province, "period": period})


# --- PUPN ------------------------------------------------------------------------------------------------

def _djkn_kanwils(user) -> list[OrgUnit]:
    qs = OrgUnit.objects.filter(kind=UnitKind.DJKN_KANWIL.value, is_active=True).order_by("name")
    unit = getattr(user, "org_unit", None)
    if unit is not None and unit.kind == UnitKind.KPKNL.value:
        return [u for u in qs if u.pk == unit.parent_id]
    if unit is not None and unit.kind == UnitKind.DJKN_KANWIL.value:
        return [u for u in qs if u.pk == unit.pk]
    return list(qs)


@require_GET
@capability_required("enforcement.reports")
def pupn_report_view(request):
    kanwils = _djkn_kanwils(request.user)
    form = PupnReportForm(request.GET or None, kanwils=kanwils)
    form.is_valid()
    code = form.cleaned_data.get("kanwil") if form.is_bound else ""
    kanwil = next((u for u in kanwils if u.code == code), kanwils[0] if kanwils else None)
    if kanwil is None:
        raise Http404
    period = form.period(_latest_year(scoped(PupnHandover, request.user).filter(
        status=PupnHandover.Status.HANDED_OVER), "dated"))
    report = pupn_report(user=request.user, kanwil=kanwil, period=period)
    fmt = request.GET.get("format", "")
    stem = f"laporan-pupn-{kanwil.code}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}"
    if fmt == "xlsx":
        return _download(sheets_xlsx(pupn_sheets(report)), XLSX_CONTENT_TYPE, f"{stem}.xlsx")
    if fmt == "pdf":
        return _download(sheets_pdf(pupn_sheets(report), title=pupn_sheets(report)[0].title), "application/pdf",
                         f"{stem}.pdf")
    return render(request, "enforcement/report_pupn.html", {"form": form, "report": report, "kanwil": kanwil})


# --- data exchange ---------------------------------------------------------------------------------------

# Above this many rows a download runs as a job (its denda takes 5–8 ms per employer on the demo).
EXCHANGE_DIRECT_MAX = 2000


@require_GET
@capability_required("enforcement.exchange")
def exchange(request):
    units = exchange_kejaksaan_units(user=request.user)
    form = ExchangeForm(request.GET or None, units=units)
    form.is_valid()
    code = form.cleaned_data.get("kejari") if form.is_bound else ""
    kejari = next((u for u in units if u.code == code), None)
    result = exchange_build(user=request.user, kejari=kejari, penalties=False)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "csv"):
        if len(result.rows) > EXCHANGE_DIRECT_MAX:
            job = job_enqueue(kind="enforcement.exchange_export", actor=request.user,
                              params={"kejari": kejari.code if kejari else "", "on": result.on.isoformat()})
            messages.info(request, _("Data %(n)s pemberi kerja disiapkan sebagai pekerjaan latar belakang; unduh "
                                     "CSV dan XLSX dari halaman ini setelah selesai.") % {"n": len(result.rows)})
            return redirect("jobs:detail", job_id=job.pk)
        exchange_fill_penalties(result.rows, on=result.on)
        stem = f"tunggakan-{kejari.code if kejari else 'semua'}-{result.on:%Y%m%d}"
        if fmt == "xlsx":
            return _download(sheets_xlsx(exchange_sheets(result)), XLSX_CONTENT_TYPE, f"{stem}.xlsx")
        return _download(exchange_csv(result.rows), "text/csv; charset=utf-8", f"{stem}.csv")
    page = paginate(request, result.rows)
    exchange_fill_penalties(page.object_list, on=result.on)
    return render(request, "enforcement/report_exchange.html", {
        "form": form, "result": result, "page": page, "kejari": kejari,
        "columns": EXCHANGE_COLUMNS, "filtered": bool(kejari),
        "is_kejaksaan": getattr(request.user.org_unit, "kind", None) in KEJAKSAAN_KINDS,
    })


# --- dashboard -------------------------------------------------------------------------------------------

@require_GET
@capability_required("enforcement.dashboard")
def dashboard(request):
    board = dashboard_build(user=request.user)
    return render(request, "enforcement/dashboard.html", {
        "board": board, "legend": legend(board.series),
        "can_monev": user_can(request.user, "enforcement.reports"),
    })
