"""Files a partner system sends for import: ``POST /api/v1/imports/...`` (multipart). Each upload is checked and
stored as on the screens, then imported by a background job with the same per-row report; the answer is 202
with the job's URL (``Location``), which the partner polls (``GET /api/v1/jobs/{id}``) for the counts and the
report file."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from sinergi.api.routers.common import require
from sinergi.api.schemas import answers
from sinergi.enforcement.skk.imports import KIND as SKK_REGISTER_KIND
from sinergi.jobs.registry import get_kind
from sinergi.jobs.services import job_enqueue
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import scoped
from sinergi.registry.import_specs import KIND_LABELS
from sinergi.rentan.models import Programme
from sinergi.web.uploads import upload_store

router = Router()


class JobStarted(Schema):
    job: str = Field(description="id pekerjaan latar")
    url: str = Field(description="GET alamat ini untuk kemajuan, hitungan dan laporan per baris")


class RegistryImportIn(Schema):
    kind: str = Field(description="employers, workers, employment atau wages")
    accept_valid: bool = Field(False, description="Simpan baris yang benar walau ada baris yang salah")


class AcceptValidIn(Schema):
    accept_valid: bool = Field(False, description="Simpan baris yang benar walau ada baris yang salah")


class SkkRegisterIn(AcceptValidIn):
    branch: str = Field("", description="Kode kantor cabang pemberi kuasa; kosong: cabang pemberi kerja")


def _start(request, kind: str, file: UploadedFile, params: dict) -> Status:
    require(request, get_kind(kind).capability)
    try:
        path = upload_store(file=file, actor=request.user)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    job = job_enqueue(kind=kind, actor=request.user, params={**params, "path": str(path)})
    url = reverse("api:job_detail", kwargs={"job_id": job.pk})
    return Status(202, {"job": str(job.pk), "url": url})


@router.post("/registry", response=answers(JobStarted, 202), summary="Impor data kepesertaan (CSV/XLSX)")
def registry_import(request, file: File[UploadedFile], form: Form[RegistryImportIn]):
    """Kolom yang diharapkan sama dengan halaman impor kepesertaan; berkas yang salah ditolak seluruhnya kecuali
    ``accept_valid``."""
    require(request, get_kind("registry.import").capability)
    if form.kind not in KIND_LABELS:
        raise ValidationError({"kind": ["Jenis impor harus employers, workers, employment atau wages."]})
    return _start(request, "registry.import", file, {"kind": form.kind, "accept_valid": form.accept_valid})


@router.post("/payments", response=answers(JobStarted, 202), summary="Impor berkas pembayaran dari bank")
def payments_import(request, file: File[UploadedFile], form: Form[AcceptValidIn]):
    """Referensi yang sudah dibukukan dilewati; pembayaran baru dialokasikan ke tagihan."""
    return _start(request, "receivables.payments_import", file, {"accept_valid": form.accept_valid})


@router.post("/skk-register", response=answers(JobStarted, 202), summary="Impor register SKK lama")
def skk_register_import(request, file: File[UploadedFile], form: Form[SkkRegisterIn]):
    require(request, get_kind(SKK_REGISTER_KIND).capability)
    branch = form.branch.strip()
    if branch:
        from sinergi.orgs.models import OrgUnit

        branches = scoped(OrgUnit.objects.filter(kind=UnitKind.BPJS_CABANG, is_active=True), request.user)
        if not branches.filter(code=branch).exists():
            raise ValidationError({"branch": [f"Kantor cabang {branch} tidak dikenal di wilayah kerja Anda."]})
    return _start(request, SKK_REGISTER_KIND, file, {"branch": branch, "accept_valid": form.accept_valid})


@router.post("/dtks/{programme_id}", response=answers(JobStarted, 202),
             summary="Impor berkas DTKS ke satu program pekerja rentan")
def dtks_import(request, programme_id: int, file: File[UploadedFile]):
    """Setiap baris mendapat satu status (valid, tidak valid, ganda, sudah peserta, perlu ditinjau) dan
    laporan per baris, seperti impor di layar program."""
    require(request, "rentan.import")
    programme = get_object_or_404(scoped(Programme, request.user), pk=programme_id)
    return _start(request, "rentan.import", file, {"programme": programme.code,
                                                   "file_name": Path(file.name or "").name})
