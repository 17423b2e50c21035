"""Screens of the vulnerable-worker programmes: setup, import, candidate lists, the OPD queue, corrections,
duplicate review and approval. Every list goes through ``scoped``, every record through ``scoped_get``, and
every write through a service of :mod:`sinergi.rentan.workflow` (which checks capability and scope again,
and audits)."""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sinergi.audit.services import audit_record
from sinergi.jobs.models import Job
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped, scoped_get, user_can
from sinergi.regions.models import Region
from sinergi.registry.services import user_sees_full_nik
from sinergi.rentan import workflow
from sinergi.rentan.forms import (
    BudgetLineFormSet,
    CandidateFilterForm,
    CorrectionForm,
    CorrectionsUploadForm,
    DecisionForm,
    ProgrammeForm,
    RoutesForm,
    UploadForm,
)
from sinergi.rentan.models import Candidate, DuplicatePair, ImportBatch, OccupationRoute, Programme
from sinergi.rentan.programmes import BudgetLineSpec, monthly_contribution, programme_create
from sinergi.rules.periods import today
from sinergi.spreadsheets import neutralise
from sinergi.web.decorators import capability_required
from sinergi.web.pagination import paginate
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
        from sinergi.rentan.import_checks import reason_text as text
    except ImportError:
        return codes
    return text(codes)


def _sort(request, default="row") -> tuple[str, tuple[str, ...]]:
    key = request.GET.get("sort", default)
    descending = key.startswith("-")
    fields = SORTS.get(key.lstrip("-"), SORTS[default])
    return key if key.lstrip("-") in SORTS else default, tuple(f"-{f}" if descending else f for f in fields)


def _headers(current: str) -> dict:
    key = current.lstrip("-")
    descending = current.startswith("-")
    titles = {"row": _("Baris"), "name": _("Nama"), "status": _("Status"), "village": _("Desa")}
    return {name: {"title": title, "active": name == key, "descending": name == key and descending,
                   "link": f"-{name}" if name == key and not descending else name}
            for name, title in titles.items()}


def _pemda_of(unit: OrgUnit | None) -> OrgUnit | None:
    while unit is not None and unit.kind not in (UnitKind.PEMKAB, UnitKind.PEMPROV):
        unit = unit.parent
    return unit


def _filtered(request) -> bool:
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
        "statuses": Programme.Status.choices, "filtered": _filtered(request),
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
        "filtered": _filtered(request), "counts": workflow.programme_counts(programme),
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
    return render(request, "rentan/candidate_detail.html", {
        "c": candidate, "programme": candidate.programme, "pairs": pairs,
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
        "filtered": _filtered(request), "matching": page.paginator.count,
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
        "filtered": _filtered(request),
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
        chosen = awaiting.exclude(verified_by=user) if request.POST.get("scope") == "all" else \
            awaiting.filter(pk__in=[i for i in request.POST.getlist("ids") if i.isdigit()])
        try:
            result = workflow.candidates_approve(programme=programme, candidates=chosen, actor=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s orang disetujui dan didaftarkan sebagai peserta BPU mulai "
                                        "%(start)s; sisa kuota %(left)s.")
                             % {"n": result.approved, "start": result.start_date.strftime("%d/%m/%Y"),
                                "left": result.remaining_quota})
        return redirect("rentan:approval", programme_id=programme.pk)
    enrolled = workflow.enrolled_count(programme)
    by_opd = awaiting.values("opd__name").annotate(n=Count("pk")).order_by("-n", "opd__name")
    by_district = list(awaiting.annotate(district=Substr("village_code", 1, 8)).values("district")
                       .annotate(n=Count("pk")).order_by("-n", "district"))
    names = dict(Region.objects.filter(code__in=[d["district"] for d in by_district]).values_list("code", "name"))
    for row in by_district:
        row["name"] = names.get(row["district"], row["district"])
    page = paginate(request, awaiting.select_related("opd", "verified_by").order_by("batch__number", "row_number"))
    _decorate(page.object_list, full_nik=user_sees_full_nik(user))
    total = page.paginator.count
    own = awaiting.filter(verified_by=user).count()
    return render(request, "rentan/approval.html", {
        "programme": programme, "page": page, "by_opd": by_opd, "by_district": by_district, "own": own,
        "enrolled": enrolled, "left": max(programme.quota - enrolled, 0), "total": total,
        "over_quota": total - own > programme.quota - enrolled, "start": workflow.enrolment_start(programme),
    })
