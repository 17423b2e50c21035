"""Case screens: the case list (and its XLSX), opening cases from arrears or a finding, a case with its
ladder, the officer's worklist, letter downloads and mass warning letters (a job).

Every query goes through the scoping selectors; every write through ``enforcement.cases`` (which checks
the ladder and audits)."""

from __future__ import annotations

import io

import xlsxwriter
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.clock import today
from sinergi.enforcement.cases import services
from sinergi.enforcement.cases.forms import (
    ArrearsFilterForm,
    CaseFilterForm,
    CloseForm,
    FindingForm,
    MassLettersForm,
    StepForm,
)
from sinergi.enforcement.letters import letter_filename, letter_pdf_bytes
from sinergi.enforcement.models import Case, Letter, PupnCase, Skk
from sinergi.formatting import format_date, format_rupiah
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.spreadsheets import neutralise
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.sorting import sort_headers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# (sort key) -> (column title, ordering fields, numeric)
SORTS = {
    "number": (gettext_lazy("Nomor kasus"), ("number",), False),
    "employer": (gettext_lazy("Pemberi kerja"), ("employer__name", "number"), False),
    "amount": (gettext_lazy("Nilai"), ("amount", "number"), True),
    "due": (gettext_lazy("Batas waktu"), ("next_due", "number"), False),
    "opened": (gettext_lazy("Dibuka"), ("opened_on", "id"), False),
}
DEFAULT_SORT = "-opened"
# Who may open a letter: BPJS staff on the case, the Kejari of its SKK, the KPKNL of its handover.
LETTER_CAPABILITIES = ("enforcement.cases", "enforcement.skk_view", "enforcement.pupn_view")


def _sort(value: str) -> tuple[str, bool]:
    key = (value or DEFAULT_SORT).lstrip("-")
    if key not in SORTS:
        return DEFAULT_SORT.lstrip("-"), True
    return key, value.startswith("-")


def _ordering(key: str, descending: bool) -> list:
    return [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in SORTS[key][1]]


def _headers(key: str, descending: bool) -> dict:
    return sort_headers({name: (title, numeric) for name, (title, _fields, numeric) in SORTS.items()}, key,
                        descending)


# --- list -----------------------------------------------------------------------------------------------

@require_GET
@capability_required("enforcement.cases")
def case_list(request):
    user = request.user
    form = CaseFilterForm(request.GET or None, user=user)
    form.is_valid()
    key, descending = _sort(request.GET.get("sort", DEFAULT_SORT))
    qs = services.case_list(user=user, **form.filters()).order_by(*_ordering(key, descending))
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(cases_xlsx(qs), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="kasus-kepatuhan-{today():%Y%m%d}.xlsx"'
        return response
    return render(request, "enforcement/case_list.html", {
        "form": form, "page": paginate(request, qs), "headers": _headers(key, descending), "today": today(),
        "filtered": any(v for k, v in request.GET.items() if k not in ("sort", "page", "size")),
        "counts": services.stage_counts(services.case_list(user=user).filter(closed_on__isnull=True)),
        "stages": Case.Stage.choices, "next_actions": services.NEXT_ACTIONS,
        "can_manage": user_can(user, "enforcement.manage"),
    })


def cases_xlsx(queryset) -> bytes:
    """The filtered case list as a workbook: rupiah as numbers, dates as dates, text neutralised."""
    import datetime as dt

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Kasus kepatuhan")[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True})
    rupiah = workbook.add_format({"num_format": '"Rp" #,##0'})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    columns = [(_("Nomor kasus"), 24), (_("NPP"), 11), (_("Pemberi kerja"), 38), (_("Kantor cabang"), 34),
               (_("Asal kasus"), 22), (_("Tahap"), 24), (_("Nilai (Rp)"), 16), (_("Bulan tunggakan"), 10),
               (_("Dibuka"), 12), (_("Langkah berikutnya"), 30), (_("Batas waktu"), 12), (_("Ditutup"), 12),
               (_("Alasan penutupan"), 30)]
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    for row, case in enumerate(queryset.iterator(chunk_size=2000), start=1):
        values = [case.number, case.employer.npp, case.employer.name, case.branch.name, case.get_origin_display(),
                  case.get_stage_display()]
        for col, value in enumerate(values):
            sheet.write_string(row, col, neutralise(value))
        sheet.write_number(row, 6, int(case.amount), rupiah)
        sheet.write_number(row, 7, case.months)
        for col, value in ((8, case.opened_on), (10, case.next_due), (11, case.closed_on)):
            if value:
                sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), day)
        sheet.write_string(row, 9, neutralise(str(services.NEXT_ACTIONS.get(case.next_action, case.next_action))))
        sheet.write_string(row, 12, neutralise(case.close_reason))
    sheet.freeze_panes(1, 0)
    workbook.close()
    return output.getvalue()


# --- opening --------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("enforcement.manage")
def case_open_arrears(request):
    user = request.user
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("employers") if v.isdigit()]
        if request.POST.get("all") == "1":
            filters = ArrearsFilterForm(request.POST, user=user)
            filters.is_valid()
            ids = list(services.arrears_candidates(user=user, **filters.filters()).values_list("employer_id", flat=True))
        if not ids:
            messages.error(request, _("Pilih minimal satu pemberi kerja."))
            return redirect(request.get_full_path())
        result = services.cases_open_from_arrears(employer_ids=ids, actor=user)
        if result["opened"]:
            messages.success(request, _("%(n)s kasus dibuka, nilai tunggakan %(amount)s.") % {
                "n": len(result["opened"]), "amount": format_rupiah(sum(c.amount for c in result["opened"]))})
        for employer, reason in result["skipped"][:10]:
            messages.warning(request, _("%(npp)s %(name)s tidak dibuka: %(reason)s.") % {
                "npp": employer.npp, "name": employer.name, "reason": reason})
        if len(result["skipped"]) > 10:
            messages.warning(request, _("%(n)s pemberi kerja lain juga dilewati.") % {"n": len(result["skipped"]) - 10})
        return redirect(reverse("enforcement:case_list") + "?stage=active")
    filters = ArrearsFilterForm(request.GET or None, user=user)
    filters.is_valid()
    qs = services.arrears_candidates(user=user, **filters.filters())
    return render(request, "enforcement/case_open_arrears.html", {
        "filters": filters, "page": paginate(request, qs),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "size")),
    })


@require_http_methods(["GET", "POST"])
@capability_required("enforcement.manage")
def case_open_finding(request):
    form = FindingForm(request.POST or None, user=request.user, initial={"npp": request.GET.get("npp", "")})
    existing = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open_from_finding(
                employer=data["npp"], kind=data["kind"], description=data["description"],
                workers=data.get("workers") or 0, amount=data["amount"], found_on=data["found_on"],
                actor=request.user)
        except services.CaseExists as exc:
            existing = exc.case
            form.add_error(None, str(exc))
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Kasus %(number)s dibuka dari temuan pemeriksaan.") % {"number": case.number})
            return redirect("enforcement:case_detail", pk=case.pk)
    return render(request, "enforcement/case_open_finding.html", {"form": form, "existing": existing},
                  status=400 if form.is_bound else 200)


# --- one case -------------------------------------------------------------------------------------------

def _referral_links(case: Case) -> list[tuple[str, str]]:
    """Links to the SKK and PUPN forms, when those screens are installed."""
    links = []
    for name, label, kwargs, query in (
        ("enforcement:skk_create", _("Buat SKK ke Kejaksaan"), {"case_id": case.pk}, ""),
        ("enforcement:pupn_candidates", _("Usulkan ke PUPN/KPKNL"), {}, f"?npp={case.employer.npp}"),
    ):
        try:
            links.append((reverse(name, kwargs=kwargs) + query, label))
        except NoReverseMatch:
            continue
    return links


def _handed_over(case: Case, user) -> list[dict]:
    """The SKKs and PUPN files of this case the user may see, with links where those screens exist."""
    rows = []
    for skk in scoped(Skk.objects.filter(case=case), user).select_related("kejari").order_by("dated"):
        rows.append({"label": _("SKK %(number)s kepada %(unit)s") % {"number": skk.number, "unit": skk.kejari.name},
                     "dated": skk.dated, "status": skk.get_status_display(), "amount": skk.amount,
                     "url": _reverse_or_none("enforcement:skk_detail", pk=skk.pk)})
    for pc in scoped(PupnCase.objects.filter(case=case), user).select_related("handover__kpknl"):
        rows.append({"label": _("Berkas PUPN %(number)s ke %(unit)s") % {"number": pc.handover.number,
                                                                         "unit": pc.handover.kpknl.name},
                     "dated": pc.handover.dated, "status": pc.get_stage_display(), "amount": pc.amount,
                     "url": _reverse_or_none("enforcement:pupn_detail", pk=pc.handover_id)})
    return rows


def _reverse_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _detail(request, case: Case, *, step_form=None, finding_form=None, close_form=None, status=200):
    user = request.user
    on = today()
    steps = list(case.steps.select_related("letter", "created_by").order_by("started_on", "id"))
    manage = user_can(user, "enforcement.manage")
    referred = case.stage in (Case.Stage.SKK, Case.Stage.PUPN)
    actions = []
    if manage and not case.closed_on and not referred:
        for action, label in StepForm.ACTIONS[:-1]:
            actions.append({"action": action, "label": label, "refusal": services.step_refusal(case, action, on)})
    return render(request, "enforcement/case_detail.html", {
        "case": case, "steps": steps, "findings": list(case.findings.all()),
        "letters": list(scoped(Letter.objects.filter(case=case), user).order_by("dated", "id")),
        "arrears": services.case_arrears(case, on), "today": on, "manage": manage, "actions": actions,
        "next_action_label": services.NEXT_ACTIONS.get(case.next_action, ""),
        "referred": referred, "handed_over": _handed_over(case, user),
        "referral_refusal": services.case_referral_check(case, on) if manage and not referred else None,
        "referral_links": _referral_links(case) if manage and not case.closed_on and not referred else [],
        "step_form": step_form or StepForm(initial={"on": on}),
        "finding_form": finding_form or FindingForm(user=user, with_npp=False, initial={"found_on": on}),
        "close_form": close_form or CloseForm(initial={"on": on}),
        "schedule": services.case_schedule(case),
    }, status=status)


def _case(request, pk: int) -> Case:
    return scoped_get(Case.objects.select_related("employer", "branch", "officer"), request.user, pk=pk)


@require_GET
@capability_required("enforcement.cases")
def case_detail(request, pk: int):
    return _detail(request, _case(request, pk))


@require_POST
@capability_required("enforcement.manage")
def step_record(request, pk: int):
    case = _case(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, step_form=form, status=400)
    data, user = form.cleaned_data, request.user
    action, on, text = data["action"], data["on"], (data.get("text") or "").strip()
    try:
        if action in ("warning_1", "warning_2"):
            step = services.case_warning_issue(case=case, level=int(action[-1]), actor=user, on=on)
            messages.success(request, _("%(letter)s nomor %(number)s diterbitkan; batas waktu %(date)s.") % {
                "letter": step.get_kind_display(), "number": step.letter.number, "date": format_date(step.due_on)})
        elif action == "inspection":
            services.case_inspection_record(case=case, actor=user, on=on, outcome=text)
            messages.success(request, _("Hasil pemeriksaan dicatat."))
        elif action == "fine":
            step = services.case_fine_impose(case=case, actor=user, on=on)
            messages.success(request, _("Denda administratif %(amount)s dikenakan.") % {
                "amount": format_rupiah(step.amount)})
        elif action == "tmp2t":
            step = services.case_tmp2t_recommend(case=case, actor=user, on=on, note=text)
            messages.success(request, _("Surat rekomendasi TMP2T nomor %(number)s dibuat.") % {
                "number": step.letter.number})
        else:
            services.case_note_add(case=case, actor=user, on=on, text=text)
            messages.success(request, _("Catatan disimpan."))
    except services.CaseError as exc:
        form.add_error(None, str(exc))
        return _detail(request, case, step_form=form, status=400)
    return redirect("enforcement:case_detail", pk=case.pk)


@require_POST
@capability_required("enforcement.manage")
def finding_add_view(request, pk: int):
    case = _case(request, pk)
    form = FindingForm(request.POST, user=request.user, with_npp=False)
    if not form.is_valid():
        return _detail(request, case, finding_form=form, status=400)
    data = form.cleaned_data
    try:
        services.finding_add(case=case, kind=data["kind"], description=data["description"],
                             workers=data.get("workers") or 0, amount=data["amount"], found_on=data["found_on"],
                             actor=request.user)
    except services.CaseError as exc:
        form.add_error(None, str(exc))
        return _detail(request, case, finding_form=form, status=400)
    messages.success(request, _("Temuan ditambahkan ke kasus %(number)s.") % {"number": case.number})
    return redirect("enforcement:case_detail", pk=case.pk)


@require_POST
@capability_required("enforcement.manage")
def case_close_view(request, pk: int):
    case = _case(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, close_form=form, status=400)
    try:
        services.case_close(case=case, reason=form.cleaned_data["reason"], actor=request.user,
                            on=form.cleaned_data["on"], settled=form.cleaned_data["settled"])
    except services.CaseError as exc:
        form.add_error(None, str(exc))
        return _detail(request, case, close_form=form, status=400)
    messages.success(request, _("Kasus %(number)s ditutup.") % {"number": case.number})
    return redirect("enforcement:case_detail", pk=case.pk)


# --- letters --------------------------------------------------------------------------------------------

@require_GET
def letter_download(request, pk: int):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not any(user_can(request.user, c) for c in LETTER_CAPABILITIES):
        raise PermissionDenied
    letter = scoped_get(Letter.objects.select_related("case__employer", "case__branch", "handover"),
                        request.user, pk=pk)
    try:
        content = letter_pdf_bytes(letter)
    except FileNotFoundError:
        raise Http404(_("Berkas surat tidak ditemukan.")) from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter_filename(letter)}"'
    return response


@require_POST
@capability_required("enforcement.manage")
def letters_mass(request):
    form = MassLettersForm(request.POST, user=request.user)
    back = request.POST.get("next") or reverse("enforcement:case_list")
    if not back.startswith("/"):
        back = reverse("enforcement:case_list")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    ids = sorted(form.cleaned_data["cases"])
    job = job_enqueue(kind="enforcement.warning_letters", actor=request.user,
                      params={"level": form.cleaned_data["level"], "case_ids": ids, "on": today().isoformat()})
    messages.success(request, _("Penerbitan %(n)s surat berjalan sebagai pekerjaan latar belakang.") % {"n": len(ids)})
    return redirect("jobs:detail", job_id=job.pk)


# --- worklist -------------------------------------------------------------------------------------------

@require_GET
@capability_required("enforcement.manage")
def worklist_view(request):
    on = today()
    rows = services.worklist(user=request.user, on=on)
    return render(request, "enforcement/worklist.html", {
        "page": paginate(request, rows, default_size=50), "today": on,
        "next_actions": services.NEXT_ACTIONS, "horizon": services.WORKLIST_WORKING_DAYS,
    })
