"""Claims screens (``/klaim/``): the list with its filters, sorts and XLSX; the register form; one claim with
the explanation of its amount, its documents, its history and the forms of the next steps.

Every claim is reached through ``claims.selectors`` (``scoped``/``scoped_get``). Each action is a POST to its
own URL; a GET of that URL (a reload after an error) shows the claim. The forms shown are those the user's
capabilities and the claim's status allow; the services check both again.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.claims import services
from sinergi.claims.exports import XLSX, claims_xlsx
from sinergi.claims.forms import (
    ClaimFilterForm,
    ClaimSubmitForm,
    DocumentsForm,
    HoldForm,
    NoteForm,
    PayForm,
    RejectForm,
    ReturnForm,
    attach_errors,
    month_value,
)
from sinergi.claims.models import Claim
from sinergi.claims.selectors import claim_get, claims_visible, sort_key
from sinergi.clock import today
from sinergi.orgs.scoping import user_can
from sinergi.registry.services import user_sees_full_nik
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
from sinergi.web.sorting import sort_headers

S = Claim.Status
COLUMNS = {  # sort key -> (title, numeric)
    "number": (gettext_lazy("Nomor klaim"), False),
    "submitted": (gettext_lazy("Diajukan"), False),
    "worker": (gettext_lazy("Tenaga kerja"), False),
    "event": (gettext_lazy("Tanggal kejadian"), False),
    "amount": (gettext_lazy("Nilai manfaat"), True),
}


@require_GET
@capability_required("claims.view")
def claim_list(request):
    user = request.user
    form = ClaimFilterForm(request.GET or None)
    form.is_valid()
    filters = form.filters()
    filters["month"] = month_value(filters["month"])
    sort = request.GET.get("sort", "")
    qs = claims_visible(user=user, sort=sort, **filters)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(claims_xlsx(qs), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="klaim-{today():%Y%m%d}.xlsx"'
        return response
    page = paginate(request, qs)
    totals = qs.order_by().aggregate(count=Count("id"), amount=Sum("amount"))
    key, descending = sort_key(sort)
    return render(request, "claims/claim_list.html", {
        "form": form, "page": page, "headers": sort_headers(COLUMNS, key, descending), "totals": totals,
        "filtered": any(v for k, v in request.GET.items() if k not in ("sort", "page", "size")),
        "can_manage": user_can(user, "claims.manage"),
    })


@require_http_methods(["GET", "POST"])
@capability_required("claims.manage")
def claim_create(request):
    form = ClaimSubmitForm(request.POST or None, initial={"claimant_relationship": "self"})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                claim = services.claim_submit(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Klaim %(number)s didaftarkan.") % {"number": claim.number})
                return redirect("claims:claim_detail", pk=claim.pk)
        form.mark_invalid()
        status = 400
    return render(request, "claims/claim_create.html", {"form": form}, status=status)


def _detail(request, claim: Claim, *, forms: dict | None = None, status: int = 200):
    user = request.user
    manage = user_can(user, "claims.manage")
    approve = user_can(user, "claims.approve")
    forms = forms or {}
    allowed = {
        "documents": manage and claim.status in (S.SUBMITTED, S.DOCUMENTS_COMPLETE, S.RETURNED),
        "verify": manage and claim.status == S.DOCUMENTS_COMPLETE and claim.eligible,
        "approve": approve and claim.status == S.VERIFIED and claim.verified_by_id != user.pk,
        "return": manage and claim.status in (S.SUBMITTED, S.DOCUMENTS_COMPLETE, S.VERIFIED),
        "reject": ((manage and claim.status in (S.SUBMITTED, S.DOCUMENTS_COMPLETE, S.VERIFIED, S.RETURNED))
                   or (approve and claim.status == S.APPROVED)),
        "pay": manage and claim.status == S.APPROVED,
        "hold": manage and claim.status == S.APPROVED and claim.programme == Claim.Programme.JKP,
    }
    # A refused step whose form the page no longer shows (the status moved on): its message goes on top.
    refused = [str(e) for name, form in forms.items() if not allowed.get(name) for e in form.non_field_errors()]
    context = {
        "claim": claim, "allowed": allowed, "any_action": any(allowed.values()), "refused": refused,
        "documents": list(claim.documents.select_related("checked_by")),
        "events": list(claim.events.select_related("actor")),
        "months": list(claim.jkp_months.all()),
        "lines": claim.explanation.get("lines", []),
        "services": claim.explanation.get("services", []),
        "reasons": claim.explanation.get("reasons", []),
        "assumptions": claim.explanation.get("assumptions", []),
        "ledger": claim.explanation.get("ledger", {}),
        "bank_account": claim.bank_account if manage else claim.bank_account_masked,
        "can_unmask": user_sees_full_nik(user) and user_can(user, "registry.view"),
        "documents_form": forms.get("documents") or DocumentsForm(claim=claim),
        "verify_form": forms.get("verify") or NoteForm(prefix="verify"),
        "approve_form": forms.get("approve") or NoteForm(prefix="approve"),
        "return_form": forms.get("return") or ReturnForm(prefix="return"),
        "reject_form": forms.get("reject") or RejectForm(prefix="reject"),
        "pay_form": forms.get("pay") or PayForm(prefix="pay", initial={"paid_on": today()}),
        "hold_form": forms.get("hold") or HoldForm(prefix="hold"),
    }
    return render(request, "claims/claim_detail.html", context, status=status)


@require_GET
@capability_required("claims.view")
def claim_detail(request, pk: int):
    return _detail(request, claim_get(user=request.user, pk=pk))


def _action(request, pk: int, name: str, form_class, call, done: str, *, record: Claim | None = None,
            **form_kwargs):
    """The common shape of an action: GET shows the claim, POST validates ``form_class`` and calls ``call``;
    the service's ValidationError comes back on the form (400), success redirects to the claim."""
    claim = record or claim_get(user=request.user, pk=pk)
    if request.method == "GET":
        return _detail(request, claim)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            call(claim, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done % {"number": claim.number})
            return redirect("claims:claim_detail", pk=claim.pk)
    form.mark_invalid()
    return _detail(request, claim, forms={name: form}, status=400)


@require_http_methods(["GET", "POST"])
@capability_required("claims.manage")
def claim_documents(request, pk: int):
    claim = claim_get(user=request.user, pk=pk)
    return _action(request, pk, "documents", DocumentsForm, lambda c, d: services.claim_document_check(
        claim=c, received=d["received"], note=d["note"], actor=request.user),
        _("Pemeriksaan dokumen klaim %(number)s dicatat."), record=claim, claim=claim)


@require_http_methods(["GET", "POST"])
@capability_required("claims.manage")
def claim_verify(request, pk: int):
    return _action(request, pk, "verify", NoteForm, lambda c, d: services.claim_verify(
        claim=c, note=d["note"], actor=request.user), _("Klaim %(number)s diverifikasi."), prefix="verify")


@require_http_methods(["GET", "POST"])
@capability_required("claims.approve")
def claim_approve(request, pk: int):
    return _action(request, pk, "approve", NoteForm, lambda c, d: services.claim_approve(
        claim=c, note=d["note"], actor=request.user), _("Klaim %(number)s disetujui."), prefix="approve")


@require_http_methods(["GET", "POST"])
@capability_required("claims.manage")
def claim_return(request, pk: int):
    return _action(request, pk, "return", ReturnForm, lambda c, d: services.claim_return(
        claim=c, note=d["note"], actor=request.user), _("Klaim %(number)s dikembalikan untuk kelengkapan dokumen."),
        prefix="return")


@require_http_methods(["GET", "POST"])
@capability_required("claims.view")
def claim_reject(request, pk: int):
    # Officers reject before approval, approvers after it: the service checks which capability applies.
    return _action(request, pk, "reject", RejectForm, lambda c, d: services.claim_reject(
        claim=c, reason=d["reason"], note=d["note"], actor=request.user), _("Klaim %(number)s ditolak."),
        prefix="reject")


@require_http_methods(["GET", "POST"])
@capability_required("claims.manage")
def claim_pay(request, pk: int):
    return _action(request, pk, "pay", PayForm, lambda c, d: services.claim_pay(
        claim=c, paid_on=d["paid_on"], reference=d["reference"], note=d["note"], actor=request.user),
        _("Pembayaran klaim %(number)s dicatat."), prefix="pay")


@require_http_methods(["GET", "POST"])
@capability_required("claims.manage")
def claim_hold(request, pk: int):
    return _action(request, pk, "hold", HoldForm, lambda c, d: services.jkp_month_hold(
        claim=c, note=d["note"], actor=request.user), _("Manfaat bulanan JKP klaim %(number)s ditahan."),
        prefix="hold")
