"""The candidate screens of a programme: the list and its export, one row with its decision or correction,
the OPD queue, corrections, probable duplicates and approval. Every list goes through ``scoped``, every
record through ``scoped_get``, every write through a service of :mod:`sinergi.rentan.verification.services`."""

from __future__ import annotations

import io

import xlsxwriter
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.audit.services import audit_record
from sinergi.clock import today
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.regions.models import Region
from sinergi.registry.services import user_sees_full_nik
from sinergi.rentan.models import Candidate, DuplicatePair, OccupationRoute, Programme, VerificationDecision
from sinergi.rentan.verification import services as workflow
from sinergi.rentan.verification.continuation import candidates_carry_over
from sinergi.rentan.verification.forms import (
    CandidateFilterForm,
    CorrectionForm,
    CorrectionsUploadForm,
    DecisionForm,
)
from sinergi.spreadsheets import neutralise
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.sorting import sort_headers
from sinergi.web.uploads import upload_store

V = Candidate.Verification
S = Candidate.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Sortable columns of the candidate lists: key → order_by fields.
SORTS = {"row": ("batch__number", "row_number"), "name": ("name", "pk"), "status": ("status", "pk"),
         "village": ("village_code", "pk")}


def reason_text(codes: str) -> str:
    """The Indonesian text of the import's reason codes (the import's own table when it is installed)."""
    if not codes:
        return ""
    try:
        from sinergi.rentan.imports.checks import reason_text as text
    except ImportError:
        return codes
    return text(codes)


def _sort(request, default="row") -> tuple[str, tuple[str, ...]]:
    key = request.GET.get("sort", default)
    descending = key.startswith("-")
    fields = SORTS.get(key.lstrip("-"), SORTS[default])
    return key if key.lstrip("-") in SORTS else default, tuple(f"-{f}" if descending else f for f in fields)


def _headers(current: str) -> dict:
    titles = {"row": _("Baris"), "name": _("Nama"), "status": _("Status"), "village": _("Desa")}
    return sort_headers({name: (title, False) for name, title in titles.items()}, current.lstrip("-"),
                        current.startswith("-"))


def is_filtered(request) -> bool:
    return any(v for k, v in request.GET.items() if k not in ("sort", "page", "size", "job"))


def _districts(region_codes) -> QuerySet:
    return Region.objects.filter(parent_id__in=list(region_codes), level=Region.Level.DISTRICT).order_by("name")


def _apply_filters(qs: QuerySet, filters: dict) -> QuerySet:
    if filters.get("q"):
        text = filters["q"].strip()
        qs = qs.filter(Q(nik__startswith=text) | Q(name__icontains=text)) if text.isdigit() \
            else qs.filter(name__icontains=text)
    for name, lookup in (("status", "status"), ("verification", "verification"), ("opd", "opd_id"),
                         ("category", "category"), ("programme", "programme_id")):
        if filters.get(name):
            qs = qs.filter(**{lookup: filters[name]})
    if filters.get("district"):
        qs = qs.filter(village_code__startswith=filters["district"] + ".")
    return qs


def _decorate(rows, *, full_nik: bool):
    """What a list shows of each row: the NIK as the viewer may see it, the reasons in words, the village's
    name (one query for the page)."""
    rows = list(rows)
    villages = dict(Region.objects.filter(code__in={r.village_code for r in rows if r.village_code})
                    .values_list("code", "name"))
    for row in rows:
        row.nik_shown = row.nik if full_nik else row.nik_masked
        row.reason_text = reason_text(row.reasons)
        row.village_name = villages.get(row.village_code, "")
    return rows


# --- candidates ------------------------------------------------------------------------------------------

def _candidates_xlsx(rows: QuerySet, *, full_nik: bool, title: str, with_id: bool = False) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(title[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1})
    statuses, verifications = dict(S.choices), dict(V.choices)
    categories = dict(OccupationRoute.Category.choices)
    columns = [("ID", 9), ("BATCH", 7), ("BARIS", 7), ("NIK", 19), ("NAMA", 30), ("TGL_LAHIR", 12),
               ("JENIS_KELAMIN", 8), ("KODE_DESA", 15), ("PEKERJAAN", 22), ("ALAMAT", 30),
               (_("Kategori"), 18), (_("OPD"), 30), (_("Status impor"), 18), (_("Alasan impor"), 40),
               (_("Verifikasi"), 18), (_("Alasan OPD"), 40)]
    if not with_id:
        columns = columns[1:]
    for col, (name, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, name, header)
    count = 0
    for count, c in enumerate(rows.select_related("batch", "opd").iterator(chunk_size=2000), start=1):
        values = [c.pk, c.batch.number, c.row_number, c.nik if full_nik else c.nik_masked, c.name,
                  c.birth_date.strftime("%d/%m/%Y") if c.birth_date else "", {"M": "L", "F": "P"}.get(c.sex, ""),
                  c.village_code, c.occupation, c.address, categories.get(c.category, ""),
                  c.opd.name if c.opd else "", statuses.get(c.status, c.status), reason_text(c.reasons),
                  verifications.get(c.verification, c.verification), c.verification_reason]
        if not with_id:
            values = values[1:]
        for col, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(count, col, value)
            else:
                sheet.write_string(count, col, neutralise(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return output.getvalue()


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@capability_required("rentan.candidates")
def candidates(request, programme_id: int):
    user = request.user
    programme = scoped_get(Programme, user, pk=programme_id)
    opds = OrgUnit.objects.filter(pk__in=programme.routes.values("opd")).order_by("name")
    form = CandidateFilterForm(request.GET or None, opds=opds, districts=_districts([programme.region_id]),
                               keep=("q", "status", "verification", "opd", "district", "category"))
    form.is_valid()
    sort, order = _sort(request)
    rows = _apply_filters(scoped(Candidate, user).filter(programme=programme), form.filters()).order_by(*order)
    full_nik = user_sees_full_nik(user)
    if request.GET.get("format") == "xlsx":
        content = _candidates_xlsx(rows, full_nik=full_nik, title=_("Calon peserta"))
        audit_record(actor=user, action="rentan.candidate.export", obj=programme, scope_unit=programme.owner_id,
                     after={"rows": rows.count(), "full_nik": full_nik, "filters": form.filters()})
        return _xlsx_response(content, f"calon-peserta-{programme.code}-{today():%Y%m%d}.xlsx")
    page = paginate(request, rows.select_related("opd", "batch"))
    _decorate(page.object_list, full_nik=full_nik)
    return render(request, "rentan/candidates.html", {
        "programme": programme, "form": form, "page": page, "headers": _headers(sort),
        "filtered": is_filtered(request), "counts": workflow.programme_counts(programme),
    })


def _candidate_page(request, candidate, *, decision=None, correction=None, status=200):
    user = request.user
    can_verify = user_can(user, "rentan.verify") and candidate.status == S.VALID and candidate.verification == V.PENDING
    can_correct = user_can(user, "rentan.correct") and \
        workflow.correctable(Candidate.objects.filter(pk=candidate.pk)).exists()
    full_nik = user_sees_full_nik(user)
    _decorate([candidate], full_nik=full_nik)
    pairs = scoped(DuplicatePair, user).filter(Q(candidate=candidate) | Q(other=candidate)) \
        .select_related("candidate", "other")
    decisions = scoped(VerificationDecision, user).filter(candidate=candidate).select_related("decided_by") \
        .order_by("-decided_at", "-pk")
    return render(request, "rentan/candidate_detail.html", {
        "c": candidate, "programme": candidate.programme, "pairs": pairs, "decisions": decisions,
        "decision": decision or (DecisionForm() if can_verify else None),
        "correction": correction or (CorrectionForm.for_candidate(candidate) if can_correct else None),
    }, status=status)


@require_http_methods(["GET", "POST"])
@capability_required("rentan.view")
def candidate_detail(request, candidate_id: int):
    user = request.user
    candidate = scoped_get(Candidate.objects.select_related("programme", "batch", "opd", "verified_by",
                                                            "approved_by", "participant", "duplicate_of"),
                           user, pk=candidate_id)
    if request.method == "GET":
        return _candidate_page(request, candidate)
    if request.POST.get("action") == "decide":
        if not user_can(user, "rentan.verify"):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return _candidate_page(request, candidate, decision=form, status=400)
        done = workflow.candidates_decide(candidates=Candidate.objects.filter(pk=candidate.pk),
                                          decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"],
                                          actor=user)
        if done:
            messages.success(request, _("Keputusan disimpan: %(decision)s.")
                             % {"decision": dict(V.choices)[form.cleaned_data["decision"]]})
        else:
            messages.warning(request, _("Baris ini tidak lagi menunggu verifikasi; keputusan tidak disimpan."))
        return redirect("rentan:candidate_detail", candidate_id=candidate.pk)
    if request.POST.get("action") == "correct":
        if not user_can(user, "rentan.correct"):
            raise PermissionDenied
        form = CorrectionForm.for_candidate(candidate, request.POST)
        if not form.is_valid():
            return _candidate_page(request, candidate, correction=form, status=400)
        try:
            candidate = workflow.candidate_correct(candidate=candidate, values=form.values(), actor=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if candidate.status == S.VALID:
                messages.success(request, _("Perbaikan disimpan dan data valid; baris kembali ke antrean "
                                            "verifikasi %(opd)s.") % {"opd": candidate.opd.name if candidate.opd else ""})
            else:
                messages.warning(request, _("Perbaikan disimpan, tetapi data masih tidak valid: %(reasons)s.")
                                 % {"reasons": reason_text(candidate.reasons)})
        return redirect("rentan:candidate_detail", candidate_id=candidate.pk)
    return _candidate_page(request, candidate, status=400)


# --- the OPD queue ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("rentan.verify")
def queue(request):
    user = request.user
    pending = scoped(Candidate, user).filter(status=S.VALID, verification=V.PENDING)
    programmes = scoped(Programme, user).order_by("code")
    form = CandidateFilterForm(request.GET or None, programmes=programmes,
                               districts=_districts(programmes.values_list("region_id", flat=True)),
                               keep=("programme", "district", "category", "q"))
    form.is_valid()
    rows = _apply_filters(pending, form.filters())
    decision = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if decision.is_valid():
            chosen = rows if request.POST.get("scope") == "all" else \
                rows.filter(pk__in=[i for i in request.POST.getlist("ids") if i.isdigit()])
            if request.POST.get("scope") != "all" and not request.POST.getlist("ids"):
                messages.error(request, _("Centang baris yang akan diputuskan, atau pilih semua baris yang cocok "
                                          "dengan saringan."))
                status = 400
            else:
                done = workflow.candidates_decide(candidates=chosen, decision=decision.cleaned_data["decision"],
                                                  reason=decision.cleaned_data["reason"], actor=user)
                messages.success(request, _("%(n)s baris diputuskan: %(decision)s.")
                                 % {"n": done, "decision": dict(V.choices)[decision.cleaned_data["decision"]]})
                return redirect(request.get_full_path())
        else:
            status = 400
    sort, order = _sort(request)
    page = paginate(request, rows.select_related("programme").order_by(*order))
    _decorate(page.object_list, full_nik=user_sees_full_nik(user))
    return render(request, "rentan/queue.html", {
        "form": form, "page": page, "decision": decision, "headers": _headers(sort),
        "filtered": is_filtered(request), "matching": page.paginator.count,
    }, status=status)


# --- corrections -----------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("rentan.correct")
def corrections(request, programme_id: int):
    user = request.user
    programme = scoped_get(Programme, user, pk=programme_id)
    waiting = workflow.correctable(scoped(Candidate, user).filter(programme=programme))
    kind = request.GET.get("jenis", "")
    if kind == "opd":
        waiting = waiting.filter(verification=V.NEEDS_CORRECTION)
    elif kind == "impor":
        waiting = waiting.filter(status=S.INVALID)
    text = request.GET.get("q", "").strip()
    if text:
        waiting = _apply_filters(waiting, {"q": text})
    full_nik = user_sees_full_nik(user)
    if request.GET.get("format") == "xlsx":
        content = _candidates_xlsx(waiting.order_by("batch__number", "row_number"), full_nik=full_nik,
                                   title=_("Perbaikan"), with_id=True)
        audit_record(actor=user, action="rentan.candidate.export", obj=programme, scope_unit=programme.owner_id,
                     after={"rows": waiting.count(), "full_nik": full_nik, "list": "corrections"})
        return _xlsx_response(content, f"perbaikan-{programme.code}-{today():%Y%m%d}.xlsx")
    form = CorrectionsUploadForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                path = upload_store(file=form.cleaned_data["file"], actor=user)
            except ValidationError as error:
                form.add_error("file", error)
                form.mark_invalid()
                status = 400
            else:
                result = workflow.corrections_upload(programme=programme, path=path, actor=user)
                if result.errors:
                    status = 400
                else:
                    messages.success(request, _("%(n)s baris diperbaiki dan divalidasi ulang: %(valid)s valid "
                                                "(kembali ke OPD), %(invalid)s masih tidak valid.")
                                     % {"n": result.corrected, "valid": result.counts.get(S.VALID, 0),
                                        "invalid": result.counts.get(S.INVALID, 0)})
                    return redirect("rentan:corrections", programme_id=programme.pk)
        else:
            status = 400
    page = paginate(request, waiting.select_related("opd", "batch").order_by("batch__number", "row_number"))
    _decorate(page.object_list, full_nik=full_nik)
    return render(request, "rentan/corrections.html", {
        "programme": programme, "page": page, "form": form, "result": result, "kind": kind, "q": text,
        "filtered": is_filtered(request),
    }, status=status)


# --- duplicates ------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("rentan.review_duplicates")
def duplicates(request, programme_id: int):
    user = request.user
    programme = scoped_get(Programme, user, pk=programme_id)
    pairs = scoped(DuplicatePair, user).filter(programme=programme, decision=DuplicatePair.Decision.PENDING)
    if request.method == "POST":
        pair = scoped_get(pairs, user, pk=request.POST.get("pair") or 0)
        if request.POST.get("decision") not in ("same", "different"):
            messages.error(request, _("Pilih: orang yang sama atau orang berbeda."))
        else:
            try:
                workflow.duplicate_decide(pair=pair, same=request.POST["decision"] == "same", actor=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Keputusan disimpan untuk baris %(row)s.") % {"row": pair.candidate.name})
        return redirect(request.get_full_path())
    page = paginate(request, pairs.select_related("candidate__batch", "other__batch").order_by("-probability", "pk"))
    full_nik = user_sees_full_nik(user)
    _decorate([row for pair in page.object_list for row in (pair.candidate, pair.other)], full_nik=full_nik)
    return render(request, "rentan/duplicates.html", {"programme": programme, "page": page})


# --- approval --------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@capability_required("rentan.approve")
def approval(request, programme_id: int):
    user = request.user
    programme = scoped_get(Programme, user, pk=programme_id)
    awaiting = workflow.awaiting_approval(scoped(Candidate, user).filter(programme=programme))
    if request.method == "POST":
        everything = request.POST.get("scope") == "all"
        chosen = awaiting if everything else \
            awaiting.filter(pk__in=[i for i in request.POST.getlist("ids") if i.isdigit()])
        try:
            result = workflow.candidates_approve(programme=programme, candidates=chosen, actor=user,
                                                 skip_own=everything)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s orang disetujui dan didaftarkan sebagai peserta BPU mulai "
                                        "%(start)s; sisa kuota %(left)s.")
                             % {"n": result.approved, "start": result.start_date.strftime("%d/%m/%Y"),
                                "left": result.remaining_quota})
            if result.skipped_own:
                messages.warning(request, _("%(n)s baris dilewati karena pernah Anda putuskan saat verifikasi "
                                            "(maker-checker); baris itu harus disetujui pejabat lain.")
                                 % {"n": result.skipped_own})
        return redirect("rentan:approval", programme_id=programme.pk)
    enrolled = workflow.enrolled_count(programme)
    by_opd = awaiting.values("opd__name").annotate(n=Count("pk")).order_by("-n", "opd__name")
    by_district = list(awaiting.annotate(district=Substr("village_code", 1, 8)).values("district")
                       .annotate(n=Count("pk")).order_by("-n", "district"))
    names = dict(Region.objects.filter(code__in=[d["district"] for d in by_district]).values_list("code", "name"))
    for row in by_district:
        row["name"] = names.get(row["district"], row["district"])
    mine = VerificationDecision.objects.filter(candidate=OuterRef("pk"), decided_by=user)
    page = paginate(request, awaiting.select_related("opd", "verified_by").annotate(mine=Exists(mine))
                    .order_by("batch__number", "row_number"))
    _decorate(page.object_list, full_nik=user_sees_full_nik(user))
    for row in page.object_list:
        row.mine = row.mine or row.verified_by_id == user.pk
    total = page.paginator.count
    own = workflow.ever_decided_by(awaiting, user).count()
    start = workflow.enrolment_start(programme)
    ended = start > programme.period_end
    following = workflow.following_programme(programme) if ended else None
    if following is not None and not scoped(Programme, user).filter(pk=following.pk).exists():
        following = None
    return render(request, "rentan/approval.html", {
        "programme": programme, "page": page, "by_opd": by_opd, "by_district": by_district, "own": own,
        "enrolled": enrolled, "left": max(programme.quota - enrolled, 0), "total": total,
        "over_quota": total - own > programme.quota - enrolled, "start": start, "ended": ended,
        "ended_message": workflow.ended_message(programme, start) if ended else "", "following": following,
    })


@require_http_methods(["POST"])
@capability_required("rentan.approve")
def carry_over(request, programme_id: int):
    """Move the verified rows awaiting approval into the Pemda's following programme (see
    :mod:`sinergi.rentan.verification.continuation`)."""
    user = request.user
    programme = scoped_get(Programme, user, pk=programme_id)
    target_id = request.POST.get("target", "")
    target = scoped_get(Programme, user, pk=int(target_id) if target_id.isdigit() else 0)
    try:
        result = candidates_carry_over(source=programme, target=target, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rentan:approval", programme_id=programme.pk)
    if result.moved:
        messages.success(request, _("%(n)s baris terverifikasi dipindahkan ke program %(code)s sebagai batch "
                                    "%(batch)s; setujui di sana.")
                         % {"n": result.moved, "code": target.code, "batch": result.batch.number})
    if result.already_there:
        messages.info(request, _("%(n)s baris tidak dipindahkan karena NIK-nya sudah ada di program %(code)s.")
                      % {"n": result.already_there, "code": target.code})
    return redirect("rentan:approval", programme_id=target.pk)
