"""Regional programmes for vulnerable workers, their monthly payment batches with the contribution codes (kode
iuran), and the SP2D that BPKD records: ``/api/v1/rentan``. A Pemda's units see their programmes, the BPJS
branch the programmes it serves, an OPD those routed to it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from sinergi.api.pagination import DEFAULT_LIMIT, cursor_page
from sinergi.api.routers.common import require
from sinergi.api.schemas import Cursor, Money, Year, answers
from sinergi.audit.services import audit_record
from sinergi.orgs.scoping import scoped
from sinergi.registry.services import user_sees_full_nik
from sinergi.rentan.imports.checks import reason_text
from sinergi.rentan.models import Candidate, Programme
from sinergi.rentan.payments.services import batch_record_sp2d, batches_visible
from sinergi.rentan.verification.services import DECISIONS, candidates_decide

router = Router()


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    pemda: str = Field(description="Kode unit pemerintah daerah")
    region: str = Field(description="Kode wilayah Kepmendagri")
    status: str = Field(description="draft, active atau closed")
    period_start: dt.date = Field(description="Bulan pertama yang dibiayai")
    period_end: dt.date = Field(description="Bulan terakhir yang dibiayai")
    quota: int = Field(description="Kuota peserta")
    declared_income: Money = Field(description="Penghasilan yang dilaporkan, dasar iuran (Rp)")
    jht: bool = Field(description="Program juga membiayai JHT")

    @staticmethod
    def resolve_pemda(obj) -> str:
        return obj.pemda.code

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region_id


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    next_cursor: Cursor | None = None


class ProgrammeFilter(Schema):
    status: str = ""
    year: Year | None = Field(None, description="Tahun anggaran (bulan pertama program)")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500)
    cursor: Cursor | None = None


class ContributionCodeOut(Schema):
    code: str = Field(description="Kode iuran untuk pembayaran di bank")
    budget_line: str = Field(description="Kode rekening APBD")
    account: str = Field(description="Akun program (JKK, JKM, JHT)")
    amount: Money
    participants: int

    @staticmethod
    def resolve_budget_line(obj) -> str:
        return obj.budget_line.code

    @staticmethod
    def resolve_account(obj) -> str:
        return obj.budget_line.account


class BatchOut(Schema):
    id: int
    programme: str = Field(description="Kode program")
    period: dt.date = Field(description="Bulan iuran (hari pertama)")
    status: str = Field(description="draft, submitted, paid atau reconciled")
    participants: int
    total: Money
    sp2d_number: str = ""
    sp2d_date: dt.date | None = None

    @staticmethod
    def resolve_programme(obj) -> str:
        return obj.programme.code


class BatchDetailOut(BatchOut):
    codes: list[ContributionCodeOut]

    @staticmethod
    def resolve_codes(obj) -> list:
        return list(obj.codes.select_related("budget_line").order_by("budget_line__number", "pk"))


class BatchPage(Schema):
    items: list[BatchOut]
    next_cursor: Cursor | None = None


class BatchFilter(Schema):
    programme: str = Field("", description="Kode program")
    status: str = ""
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500)
    cursor: Cursor | None = None


class Sp2dIn(Schema):
    sp2d_number: str = Field(description="Nomor SP2D, paling panjang 64 karakter")
    sp2d_date: dt.date = Field(description="Tanggal SP2D, tidak sebelum pengajuan dan tidak di masa depan")


class CandidateOut(Schema):
    id: int
    row_number: int = Field(description="Baris pada berkas DTKS yang diimpor")
    nik: str = Field(description="NIK; disamarkan kecuali peran Anda memerlukan NIK lengkap")
    name: str
    birth_date: dt.date | None = None
    occupation: str
    status: str = Field(description="Status impor: valid, invalid, duplicate_in_file, duplicate_in_programme, "
                                    "already_participant atau review")
    reasons: str = Field(description="Alasan status impor, dalam kata-kata")
    verification: str = Field(description="not_routed, pending, verified, needs_correction atau not_eligible")
    verification_reason: str
    opd: str | None = Field(None, description="Kode OPD verifikator")
    enrolled: bool = Field(description="Sudah menjadi peserta BPU yang dibiayai program")


class CandidatePage(Schema):
    items: list[CandidateOut]
    next_cursor: int | None = None


class CandidateFilter(Schema):
    status: str = ""
    verification: str = ""
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500)
    cursor: Cursor | None = None


class DecisionIn(Schema):
    candidate_ids: list[int] = Field(min_length=1, max_length=5000, description="id baris calon peserta")
    decision: str = Field(description="verified, needs_correction atau not_eligible")
    reason: str = Field("", description="Wajib untuk needs_correction dan not_eligible")


class DecisionOut(Schema):
    decided: int = Field(description="Baris yang diputuskan")
    skipped: int = Field(description="Baris yang tidak menunggu verifikasi Anda (sudah diputuskan, bukan antrean "
                                     "OPD Anda, atau tidak ada)")


def _programmes(request):
    return scoped(Programme.objects.select_related("pemda"), request.user)


@router.get("/programmes", response=answers(ProgrammePage), summary="Daftar program pekerja rentan")
def programme_list(request, filters: Query[ProgrammeFilter]):
    require(request, "rentan.view")
    queryset = _programmes(request)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.year:
        queryset = queryset.filter(period_start__year=filters.year)
    rows, next_cursor = cursor_page(queryset, limit=filters.limit, cursor=filters.cursor)
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/programmes/{programme_id}", response=answers(ProgrammeOut), summary="Satu program pekerja rentan")
def programme_detail(request, programme_id: int):
    require(request, "rentan.view")
    return get_object_or_404(_programmes(request), pk=programme_id)


@router.get("/batches", response=answers(BatchPage), summary="Batch pembayaran iuran bulanan")
def batch_list(request, filters: Query[BatchFilter]):
    require(request, "rentan.view")
    queryset = batches_visible(user=request.user)
    if filters.programme:
        queryset = queryset.filter(programme__code=filters.programme)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    rows, next_cursor = cursor_page(queryset, limit=filters.limit, cursor=filters.cursor)
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/batches/{batch_id}", response=answers(BatchDetailOut), summary="Satu batch dengan kode iurannya")
def batch_detail(request, batch_id: int):
    require(request, "rentan.view")
    return get_object_or_404(batches_visible(user=request.user), pk=batch_id)


@router.post("/batches/{batch_id}/sp2d", response=answers(BatchDetailOut, 201),
             summary="BPKD mencatat SP2D yang membayar batch")
def batch_sp2d_create(request, batch_id: int, payload: Sp2dIn):
    """Hanya batch yang sudah diajukan ke BPKD; nomor SP2D tidak boleh dipakai dua kali dalam satu program.
    Layanan yang sama dengan layar BPKD, dengan jejak audit."""
    require(request, "rentan.pay")
    batch = get_object_or_404(batches_visible(user=request.user), pk=batch_id)
    batch_record_sp2d(batch=batch, sp2d_number=payload.sp2d_number, sp2d_date=payload.sp2d_date, actor=request.user)
    return Status(201, batches_visible(user=request.user).get(pk=batch_id))


@router.get("/programmes/{programme_id}/candidates", response=answers(CandidatePage),
            summary="Calon peserta satu program dengan status impor dan verifikasinya")
def candidate_list(request, programme_id: int, filters: Query[CandidateFilter]):
    """Sebuah OPD melihat antreannya sendiri; NIK lengkap hanya untuk peran yang memerlukannya (Dinsos, BPJS
    kepesertaan), dan setiap halaman NIK lengkap dicatat di jejak audit."""
    require(request, "rentan.candidates", "rentan.verify")
    programme = get_object_or_404(_programmes(request), pk=programme_id)
    queryset = scoped(Candidate, request.user).filter(programme=programme).select_related("opd")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.verification:
        queryset = queryset.filter(verification=filters.verification)
    rows, next_cursor = cursor_page(queryset, limit=filters.limit, cursor=filters.cursor)
    full_nik = user_sees_full_nik(request.user)
    if full_nik and rows:
        audit_record(actor=request.user, action="api.candidate.nik_read", obj=programme,
                     scope_unit=programme.owner_id, after={"candidates": [row.pk for row in rows]})
    items = [{"id": row.pk, "row_number": row.row_number, "nik": row.nik if full_nik else row.nik_masked,
              "name": row.name, "birth_date": row.birth_date, "occupation": row.occupation, "status": row.status,
              "reasons": reason_text(row.reasons), "verification": row.verification,
              "verification_reason": row.verification_reason, "opd": row.opd.code if row.opd_id else None,
              "enrolled": row.participant_id is not None} for row in rows]
    return {"items": items, "next_cursor": next_cursor}


@router.post("/programmes/{programme_id}/decisions", response=answers(DecisionOut),
             summary="OPD memutuskan verifikasi banyak calon peserta sekaligus")
def candidate_decisions_create(request, programme_id: int, payload: DecisionIn):
    """Hanya baris yang menunggu verifikasi di antrean OPD Anda yang diputuskan; sisanya dihitung sebagai
    dilewati. Satu UPDATE untuk seluruh pilihan, dengan riwayat keputusan dan jejak audit seperti di layar."""
    require(request, "rentan.verify")
    programme = get_object_or_404(_programmes(request), pk=programme_id)
    if payload.decision not in DECISIONS:
        raise ValidationError({"decision": ["Keputusan harus verified, needs_correction atau not_eligible."]})
    ids = set(payload.candidate_ids)
    decided = candidates_decide(candidates=Candidate.objects.filter(programme=programme, pk__in=ids),
                                decision=payload.decision, reason=payload.reason, actor=request.user)
    return {"decided": decided, "skipped": len(ids) - decided}
