"""SKK screens: the prosecutors' workspace (list, XLSX, detail with the arrears data, recoveries, instalments
and the timeline; forms to record their work), BPJS's "Serahkan ke Kejaksaan" form, and the upload of a
legacy SKK register (a job).

Every SKK is reached through ``scoped``/``scoped_get``: a Kejari sees the SKKs addressed to it, a Kejati those
of its Kejari, a branch those it issued. What an SKK shows of the ledger (the arrears it handed over, the
payments counted as its recovery) is read through that SKK, for its employer and its window only.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.clock import today
from sinergi.enforcement.models import Case, LegacyImport, Letter, Skk
from sinergi.enforcement.skk import services
from sinergi.enforcement.skk.forms import (
    LegacyImportForm,
    SkkCommitForm,
    SkkCreateForm,
    SkkEventForm,
    SkkFilterForm,
)
from sinergi.enforcement.skk.imports import COLUMNS as LEGACY_COLUMNS
from sinergi.enforcement.skk.imports import KIND as LEGACY_KIND
from sinergi.enforcement.skk.recoveries import instalments_apply, skks_with_late_instalments, with_realised
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.receivables.models import Payment
from sinergi.registry.models import Employer
from sinergi.rules.money import ZERO
from sinergi.spreadsheets import neutralise
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.sorting import sort_headers
from sinergi.web.uploads import upload_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SORTS = {  # key -> (title, ordering, numeric)
    "number": (gettext_lazy("Nomor SKK"), ("number",), False),
    "dated": (gettext_lazy("Tanggal SKK"), ("dated", "id"), False),
    "employer": (gettext_lazy("Pemberi kerja"), ("employer__name", "id"), False),
    "amount": (gettext_lazy("Nilai SKK"), ("amount", "id"), True),
    "realised": (gettext_lazy("Realisasi"), ("realised", "id"), True),
}
DEFAULT_SORT = "-dated"


# --- reads ----------------------------------------------------------------------------------------------

def skk_filter(qs, *, q: str = "", status: str = "", year: int | None = None, kejari: int | None = None,
               overdue: bool = False):
    """Apply the list's filters to an (already scoped) queryset of SKKs."""
    if q:
        q = q.strip()
        qs = qs.filter(Q(number__icontains=q) | Q(employer__npp__startswith=q) | Q(employer__name_search__contains=q.lower()))
    if status == "open":
        qs = qs.filter(status__in=Skk.OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(dated__year=year)
    if kejari:
        qs = qs.filter(kejari_id=kejari)
    if overdue:
        qs = qs.filter(pk__in=skks_with_late_instalments(qs))
    return qs


def _sort(value: str) -> tuple[str, bool]:
    key = (value or DEFAULT_SORT).lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT.lstrip("-"), True
    return key, value.startswith("-")


def _headers(key: str, descending: bool) -> dict:
    return sort_headers({name: (title, numeric) for name, (title, _fields, numeric) in SORTS.items()}, key,
                        descending)


# --- list ----------------------------------------------------------------------------------------------

@require_GET
@capability_required("enforcement.skk_view")
def skk_list(request):
    user = request.user
    base = scoped(Skk, user)
    years = sorted({y for y in base.annotate(y=ExtractYear("dated")).order_by().values_list("y", flat=True)
                    .distinct()}, reverse=True)
    kejaksaan = OrgUnit.objects.filter(pk__in=base.order_by().values("kejari")).order_by("kind", "name")
    form = SkkFilterForm(request.GET or None, years=years, kejaksaan=kejaksaan)
    form.is_valid()
    key, descending = _sort(request.GET.get("sort", DEFAULT_SORT))
    ordering = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in SORTS[key][1]]
    qs = with_realised(skk_filter(base, **form.filters())).select_related("employer", "kejari", "branch")
    qs = qs.order_by(*ordering)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(skks_xlsx(qs), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="skk-kejaksaan-{today():%Y%m%d}.xlsx"'
        return response
    page = paginate(request, qs)
    totals = with_realised(skk_filter(base, **form.filters())).order_by().aggregate(
        count=Count("id"), total_amount=Sum("amount"), total_realised=Sum("realised"),
        settled=Count("id", filter=Q(status=Skk.Status.SETTLED)))
    late = skks_with_late_instalments(Skk.objects.filter(pk__in=[s.pk for s in page.object_list]))
    return render(request, "enforcement/skk_list.html", {
        "form": form, "page": page, "headers": _headers(key, descending), "totals": totals,
        "percent": _percent(totals["total_realised"], totals["total_amount"]), "late": late,
        "filtered": any(v for k, v in request.GET.items() if k not in ("sort", "page", "size")),
        "can_import": user_can(user, "enforcement.import"),
    })


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part or 0) * 100 / Decimal(whole)


def skks_xlsx(queryset) -> bytes:
    """The filtered SKK list as a workbook: rupiah as numbers, dates as dates, every text neutralised."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("SKK")
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True})
    rupiah = workbook.add_format({"num_format": '"Rp" #,##0'})
    percent = workbook.add_format({"num_format": "0.00%"})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    columns = [(_("Nomor SKK"), 24), (_("Tanggal SKK"), 12), (_("NPP"), 11), (_("Pemberi kerja"), 38),
               (_("Kantor cabang"), 32), (_("Kejaksaan"), 34), (_("Iuran (Rp)"), 16), (_("Denda (Rp)"), 14),
               (_("Nilai SKK (Rp)"), 16), (_("Realisasi (Rp)"), 16), (_("Realisasi (%)"), 10), (_("Status"), 20),
               (_("Kendala"), 24), (_("Keterangan kendala"), 30), (_("Tanggal selesai"), 12),
               (_("Register lama"), 8)]
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    sheet.freeze_panes(1, 0)
    for row, skk in enumerate(queryset.iterator(chunk_size=2000), start=1):
        sheet.write_string(row, 0, neutralise(skk.number))
        sheet.write_datetime(row, 1, dt.datetime.combine(skk.dated, dt.time()), day)
        sheet.write_string(row, 2, neutralise(skk.employer.npp))
        sheet.write_string(row, 3, neutralise(skk.employer.name))
        sheet.write_string(row, 4, neutralise(skk.branch.name))
        sheet.write_string(row, 5, neutralise(skk.kejari.name))
        for col, value in ((6, skk.principal), (7, skk.penalty), (8, skk.amount), (9, skk.realised)):
            sheet.write_number(row, col, float(value or 0), rupiah)
        if skk.amount:
            sheet.write_number(row, 10, float(Decimal(skk.realised or 0) / skk.amount), percent)
        sheet.write_string(row, 11, neutralise(skk.get_status_display()))
        sheet.write_string(row, 12, neutralise(skk.get_obstacle_display() if skk.obstacle else ""))
        sheet.write_string(row, 13, neutralise(skk.obstacle_note))
        if skk.settled_on:
            sheet.write_datetime(row, 14, dt.datetime.combine(skk.settled_on, dt.time()), day)
        sheet.write_string(row, 15, _("ya") if skk.legacy else "")
    workbook.close()
    return output.getvalue()


# --- one SKK ---------------------------------------------------------------------------------------------

def _skk_for(request, pk: int) -> Skk:
    qs = with_realised(Skk.objects.select_related("employer", "employer__region", "kejari", "branch", "case",
                                                  "created_by"))
    return scoped_get(qs, request.user, pk=pk)


def _detail(request, skk: Skk, *, event_form=None, commit_form=None, status=200):
    user = request.user
    on = today()
    work = user_can(user, "enforcement.skk_work") and skk.status not in services.CLOSED
    allowed = services.allowed_next(skk)
    arrears = services.skk_amounts(skk.employer_id, skk.dated)
    realised = Decimal(skk.realised or 0)
    window = Payment.objects.filter(employer_id=skk.employer_id, status=Payment.Status.POSTED,
                                    paid_on__gte=skk.dated)
    if skk.settled_on:
        window = window.filter(paid_on__lte=skk.settled_on)
    later = Skk.objects.filter(employer_id=skk.employer_id, dated__gt=skk.dated).order_by("dated").first()
    if later is not None:
        window = window.filter(paid_on__lt=later.dated)
    letter = None
    if skk.case_id:
        letter = scoped(Letter.objects.filter(case_id=skk.case_id, kind=Letter.Kind.SKK), user).first()
    return render(request, "enforcement/skk_detail.html", {
        "skk": skk, "events": list(skk.events.select_related("created_by").order_by("dated", "id")),
        "instalments": instalments_apply(list(skk.instalments.all()), realised, on=on),
        "arrears": arrears, "payments": list(window.order_by("paid_on", "id")[:200]),
        "realised": realised, "percent": _percent(realised, skk.amount), "remaining": skk.amount - realised,
        "current": services.skk_amounts(skk.employer_id, on).amount if skk.status not in services.CLOSED else None,
        "work": work, "letter": letter, "later": later, "today": on,
        "event_form": event_form or (SkkEventForm(allowed=allowed) if work else None),
        "commit_form": commit_form or (SkkCommitForm(initial={"amount": f"{skk.amount:,.0f}".replace(",", ".")})
                                       if work and Skk.Status.COMMITMENT in allowed else None),
        "obstacles": Skk.Obstacle.choices,
    }, status=status)


@require_GET
@capability_required("enforcement.skk_view")
def skk_detail(request, pk: int):
    return _detail(request, _skk_for(request, pk))


@require_http_methods(["GET", "POST"])
@capability_required("enforcement.skk_work")
def skk_event_record(request, pk: int):
    """POST records a step; GET (a reload after an error) shows the SKK with the form."""
    skk = _skk_for(request, pk)
    if request.method == "GET":
        return _detail(request, skk)
    form = SkkEventForm(request.POST, allowed=None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.skk_record(skk=skk, status=data["status"], dated=data["dated"], note=data["note"],
                                obstacle=data["obstacle"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Tahap \"%(status)s\" dicatat untuk SKK %(number)s.") % {
                "status": dict(Skk.Status.choices)[data["status"]], "number": skk.number})
            return redirect("enforcement:skk_detail", pk=skk.pk)
    form.mark_invalid()
    return _detail(request, skk, event_form=form, status=400)


@require_http_methods(["GET", "POST"])
@capability_required("enforcement.skk_work")
def skk_commitment(request, pk: int):
    """POST records a commitment; GET (a reload after an error) shows the SKK with the form."""
    skk = _skk_for(request, pk)
    if request.method == "GET":
        return _detail(request, skk)
    form = SkkCommitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.skk_commit(skk=skk, dated=data["dated"], amount=data["amount"], schedule=data["schedule"],
                                note=data["note"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Komitmen pembayaran dicatat untuk SKK %(number)s.") % {"number": skk.number})
            return redirect("enforcement:skk_detail", pk=skk.pk)
    form.mark_invalid()
    return _detail(request, skk, commit_form=form, status=400)


# --- handing over ----------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("enforcement.manage")
def skk_create(request, case_id: int | None = None):
    user = request.user
    case_id = case_id or request.GET.get("case") or request.POST.get("case")
    case = None
    if case_id:
        try:
            case = scoped_get(Case.objects.select_related("employer", "branch"), user, pk=int(case_id))
        except ValueError:
            case = None
    form = SkkCreateForm(request.POST or None, with_npp=case is None,
                         initial={"npp": request.GET.get("npp", "")} if case is None else None)
    employer = case.employer if case is not None else None
    if employer is None and request.GET.get("npp") and not form.is_bound:
        employer = scoped(Employer, user).filter(npp=request.GET["npp"].strip()).first()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if employer is None:
            employer = scoped(Employer, user).filter(npp=data["npp"]).first()
            if employer is None:
                form.add_error("npp", _("NPP %(npp)s tidak ditemukan di wilayah kerja Anda.") % {"npp": data["npp"]})
        if employer is not None:
            kejari = OrgUnit.objects.filter(pk=data["kejari"]).first() if data.get("kejari") else None
            try:
                skk = services.skk_create(case=case, employer=employer, kejari=kejari, dated=data["dated"],
                                          documents=form.document_list(), note=data.get("note") or "", actor=user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("SKK %(number)s diserahkan kepada %(kejari)s senilai %(amount)s.") % {
                    "number": skk.number, "kejari": skk.kejari.name,
                    "amount": f"Rp {skk.amount:,.0f}".replace(",", ".")})
                return redirect("enforcement:skk_detail", pk=skk.pk)
        form.mark_invalid()
    preview = None
    if employer is not None:
        on = form.cleaned_data.get("dated") if form.is_bound and hasattr(form, "cleaned_data") else None
        on = on or today()
        preview = {"employer": employer, "amounts": services.skk_amounts(employer, on),
                   "kejari": services.kejari_for(employer), "on": on,
                   "open": Skk.objects.filter(employer=employer, status__in=Skk.OPEN_STATUSES).first()}
    return render(request, "enforcement/skk_create.html", {"form": form, "case": case, "preview": preview},
                  status=400 if form.is_bound else 200)


# --- legacy register -------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("enforcement.import")
def skk_import(request):
    user = request.user
    form = LegacyImportForm(request.POST or None, request.FILES or None, user=user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            path = upload_store(file=data["file"], actor=user)
        except ValidationError as error:
            form.add_error("file", error)
            form.mark_invalid()
        else:
            job = job_enqueue(kind=LEGACY_KIND, actor=user, params={
                "path": str(path), "branch": data.get("branch") or "", "accept_valid": data["accept_valid"]})
            messages.success(request, _("Berkas %(name)s diterima; impor register SKK berjalan sebagai pekerjaan "
                                        "latar belakang.") % {"name": path.name})
            return redirect("jobs:detail", job_id=job.pk)
    imports = scoped(LegacyImport.objects.select_related("branch", "created_by", "job"), user)[:10]
    return render(request, "enforcement/skk_import.html", {
        "form": form, "columns": LEGACY_COLUMNS, "imports": imports, "zero": ZERO,
    }, status=400 if form.is_bound else 200)
