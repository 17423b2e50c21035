"""The PUPN screens: handovers (list, detail, documents), candidates and a new draft (BPJS), stage recording
(KPKNL). Thin: forms parse, ``pupn.py`` decides and audits; every record is reached through ``scoped``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sinergi.enforcement.models import Letter, PupnCase, PupnHandover
from sinergi.enforcement.pupn.documents import DOCUMENTS
from sinergi.enforcement.pupn.forms import (
    HandoverCreateForm,
    HandoverFilterForm,
    HandoverSubmitForm,
    StageForm,
)
from sinergi.enforcement.pupn.services import (
    handovers_visible,
    pupn_candidates,
    pupn_handover_create,
    pupn_handover_remove,
    pupn_handover_submit,
    pupn_recovered,
    pupn_stage_record,
)
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.sheets import XLSX_CONTENT_TYPE
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate


@require_GET
@capability_required("enforcement.pupn_view")
def pupn_list(request):
    filters = HandoverFilterForm(request.GET or None)
    qs = handovers_visible(user=request.user)
    if filters.is_valid():
        if filters.cleaned_data.get("status"):
            qs = qs.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data.get("kpknl"):
            qs = qs.filter(kpknl=filters.cleaned_data["kpknl"])
    totals = scoped(PupnCase, request.user).filter(handover__status=PupnHandover.Status.HANDED_OVER).aggregate(
        employers=Count("pk"), amount=Sum("amount"), open=Count("pk", filter=~Q(stage__in=["paid", "rejected"])))
    return render(request, "enforcement/pupn_list.html", {
        "filters": filters, "page": paginate(request, qs), "totals": totals,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "size")),
        "can_handover": user_can(request.user, "enforcement.pupn_handover"),
    })


def _candidates_page(request, *, form=None, form_kpknl=None, status=200):
    screen = pupn_candidates(user=request.user)
    groups = []
    for group in screen.by_kpknl():
        kpknl = group["kpknl"]
        bound = form if (form is not None and form_kpknl == kpknl.pk) else HandoverCreateForm(
            initial={"kpknl": kpknl.pk}, employer_choices=[c.employer_id for c in screen.eligible
                                                           if c.kpknl.pk == kpknl.pk])
        groups.append({**group, "form": bound,
                       "candidates": [c for c in screen.eligible if c.kpknl.pk == kpknl.pk],
                       "chosen": set(bound.data.getlist("employers")) if bound.is_bound else None})
    return render(request, "enforcement/pupn_candidates.html", {
        "screen": screen, "groups": groups, "documents": DOCUMENTS, "error_form": form,
    }, status=status)


@require_http_methods(["GET", "POST"])
@capability_required("enforcement.pupn_handover")
def pupn_candidates_view(request):
    if request.method == "GET":
        return _candidates_page(request)
    try:
        kpknl_pk = int(request.POST.get("kpknl", ""))
    except ValueError:
        kpknl_pk = None
    choices = [int(v) for v in request.POST.getlist("employers") if v.isdigit()]
    form = HandoverCreateForm(request.POST, employer_choices=choices)
    if form.is_valid():
        try:
            handover = pupn_handover_create(kpknl=form.cleaned_data["kpknl"], employer_ids=form.cleaned_data["employers"],
                                            documents=form.documents(), actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Draf penyerahan ke %(kpknl)s dibuat untuk %(n)s pemberi kerja. Periksa "
                                        "resume lalu isi nomor berita acara untuk menyerahkannya.")
                             % {"kpknl": handover.kpknl.name, "n": handover.cases.count()})
            return redirect("enforcement:pupn_detail", pk=handover.pk)
    return _candidates_page(request, form=form, form_kpknl=kpknl_pk, status=400)


def _handover(request, pk: int) -> PupnHandover:
    return scoped_get(PupnHandover.objects.select_related("kpknl", "branch", "created_by"), request.user, pk=pk)


def _detail_page(request, handover, *, submit_form=None, stage_forms=None, status=200):
    cases = list(scoped(PupnCase, request.user).filter(handover=handover)
                 .select_related("employer__region", "handover").prefetch_related("events__created_by")
                 .order_by("employer__npp"))
    recovered = pupn_recovered(cases)
    can_work = user_can(request.user, "enforcement.pupn_work") and handover.status == PupnHandover.Status.HANDED_OVER
    stage_forms = stage_forms or {}
    for c in cases:
        c.total_recovered = recovered[c.pk]
        c.ledger_recovered = recovered[c.pk] - c.recovered
        c.stage_form = stage_forms.get(c.pk) or (StageForm(pupn_case=c, prefix=f"c{c.pk}") if can_work else None)
    letter = Letter.objects.filter(handover=handover, kind=Letter.Kind.KPKNL).first()
    return render(request, "enforcement/pupn_detail.html", {
        "handover": handover, "cases": cases, "letter": letter,
        "amount": sum(c.amount for c in cases), "principal": sum(c.principal for c in cases),
        "penalty": sum(c.penalty for c in cases), "recovered": sum(recovered.values()),
        "can_handover": user_can(request.user, "enforcement.pupn_handover")
        and handover.status == PupnHandover.Status.DRAFT,
        "can_work": can_work, "submit_form": submit_form or HandoverSubmitForm(), "documents": DOCUMENTS,
    }, status=status)


@require_GET
@capability_required("enforcement.pupn_view")
def pupn_detail(request, pk: int):
    return _detail_page(request, _handover(request, pk))


@require_POST
@capability_required("enforcement.pupn_handover")
def pupn_submit(request, pk: int):
    handover = _handover(request, pk)
    form = HandoverSubmitForm(request.POST)
    if form.is_valid():
        try:
            pupn_handover_submit(handover=handover, number=form.cleaned_data["number"],
                                 dated=form.cleaned_data["dated"], actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Piutang diserahkan ke %(kpknl)s dengan berita acara %(number)s.")
                             % {"kpknl": handover.kpknl.name, "number": form.cleaned_data["number"]})
            return redirect("enforcement:pupn_detail", pk=handover.pk)
    return _detail_page(request, _handover(request, pk), submit_form=form, status=400)


@require_POST
@capability_required("enforcement.pupn_handover")
def pupn_remove(request, pk: int, case_pk: int):
    handover = _handover(request, pk)
    pupn_case = scoped_get(PupnCase.objects.select_related("employer"), request.user, pk=case_pk, handover=handover)
    try:
        pupn_handover_remove(handover=handover, pupn_case=pupn_case, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("NPP %(npp)s dikeluarkan dari draf.") % {"npp": pupn_case.employer.npp})
    return redirect("enforcement:pupn_detail", pk=handover.pk)


@require_POST
@capability_required("enforcement.pupn_work")
def pupn_stage(request, pk: int):
    pupn_case = scoped_get(PupnCase.objects.select_related("handover", "employer"), request.user, pk=pk)
    form = StageForm(request.POST, pupn_case=pupn_case, prefix=f"c{pupn_case.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            pupn_stage_record(pupn_case=pupn_case, stage=data["stage"], dated=data["dated"], actor=request.user,
                              reference=data["reference"], amount=data["amount"] or 0, note=data["note"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Tahap %(stage)s dicatat untuk NPP %(npp)s.") % {
                "stage": dict(PupnCase.Stage.choices)[data["stage"]], "npp": pupn_case.employer.npp})
            return redirect("enforcement:pupn_detail", pk=pupn_case.handover_id)
    handover = _handover(request, pupn_case.handover_id)
    return _detail_page(request, handover, stage_forms={pupn_case.pk: form}, status=400)


DOCUMENT_KINDS = ("resume.xlsx", "resume.pdf", "berita-acara.pdf", "pengantar.pdf")


@require_GET
@capability_required("enforcement.pupn_view")
def pupn_document(request, pk: int, name: str):
    from sinergi.enforcement.pupn import documents as docs

    if name not in DOCUMENT_KINDS:
        raise Http404
    handover = _handover(request, pk)
    if name == "berita-acara.pdf" and handover.status != PupnHandover.Status.HANDED_OVER:
        raise Http404
    safe_number = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in handover.number)
    if name == "resume.xlsx":
        content, kind = docs.resume_xlsx(handover), XLSX_CONTENT_TYPE
    elif name == "resume.pdf":
        content, kind = docs.resume_pdf(handover), "application/pdf"
    elif name == "berita-acara.pdf":
        content, kind = docs.berita_acara_pdf(handover), "application/pdf"
    else:
        content, kind = _covering_letter(handover), "application/pdf"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="pupn-{safe_number}-{name}"'
    return response


def _covering_letter(handover: PupnHandover) -> bytes:
    from sinergi.enforcement.pupn.documents import covering_letter_fallback_pdf

    letter = Letter.objects.filter(handover=handover, kind=Letter.Kind.KPKNL).first()
    if letter is not None:
        try:
            from sinergi.enforcement.letters import letter_pdf_bytes

            return letter_pdf_bytes(letter)
        except (ImportError, FileNotFoundError):
            pass
    if handover.status != PupnHandover.Status.HANDED_OVER:
        raise Http404
    return covering_letter_fallback_pdf(handover)
