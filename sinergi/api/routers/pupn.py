"""PUPN handovers through a KPKNL and the stages of each employer's receivable: ``/api/v1/pupn``. A KPKNL sees
the handovers made to it (its Kanwil DJKN those of its KPKNL), a BPJS branch those it made."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from sinergi.api.pagination import DEFAULT_LIMIT, cursor_page
from sinergi.api.routers.common import require
from sinergi.api.schemas import Cursor, EmployerNamed, Money, MoneyIn, WithEvents, Year, answers
from sinergi.enforcement.pupn.services import handovers_visible, pupn_cases_visible, pupn_stage_record

router = Router()


class PupnEventOut(Schema):
    stage: str
    dated: dt.date
    reference: str = Field("", description="Nomor dokumen (SP3N, PJPN, surat paksa …)")
    amount: Money = Field(description="Uang yang diterima pada tahap ini (Rp)")
    note: str = ""


class PupnCaseOut(EmployerNamed):
    id: int
    handover: int = Field(description="id penyerahan")
    npp: str
    employer: str
    principal: Money
    penalty: Money
    amount: Money = Field(description="Nilai piutang yang diserahkan (Rp)")
    stage: str
    recovered: Money = Field(description="Pemulihan yang dicatat KPKNL (Rp)")

    @staticmethod
    def resolve_handover(obj) -> int:
        return obj.handover_id


class PupnCaseDetailOut(PupnCaseOut, WithEvents):
    events: list[PupnEventOut]


class HandoverOut(Schema):
    id: int
    number: str = Field(description="Nomor berita acara")
    kpknl: str = Field(description="Kode KPKNL penerima")
    branch: str = Field(description="Kode unit BPJS penyerah")
    status: str = Field(description="draft atau handed_over")
    dated: dt.date | None = None
    employers: int
    amount_total: Money = Field(description="Jumlah nilai yang diserahkan (Rp)")

    @staticmethod
    def resolve_kpknl(obj) -> str:
        return obj.kpknl.code

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_amount_total(obj) -> Decimal:
        return obj.amount_total or Decimal(0)


class HandoverDetailOut(HandoverOut):
    cases: list[PupnCaseOut]

    @staticmethod
    def resolve_cases(obj) -> list:
        return list(obj.cases.select_related("employer").order_by("pk"))


class HandoverPage(Schema):
    items: list[HandoverOut]
    next_cursor: Cursor | None = None


class HandoverFilter(Schema):
    status: str = Field("", description="draft atau handed_over")
    year: Year | None = Field(None, description="Tahun penyerahan")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500)
    cursor: Cursor | None = None


class StageIn(Schema):
    stage: str = Field(description="Tahap berikutnya menurut urutan PUPN (lihat docs/enforcement.md)")
    dated: dt.date
    reference: str = Field("", description="Nomor dokumen; wajib untuk tahap yang bernomor")
    amount: MoneyIn = Field(Decimal(0), ge=0, description="Uang yang diterima pada tahap ini (Rp)")
    note: str = ""


@router.get("/handovers", response=answers(HandoverPage), summary="Daftar penyerahan piutang ke PUPN")
def handover_list(request, filters: Query[HandoverFilter]):
    require(request, "enforcement.pupn_view")
    queryset = handovers_visible(user=request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.year:
        queryset = queryset.filter(dated__year=filters.year)
    rows, next_cursor = cursor_page(queryset, limit=filters.limit, cursor=filters.cursor)
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/handovers/{handover_id}", response=answers(HandoverDetailOut), summary="Satu penyerahan dengan berkasnya")
def handover_detail(request, handover_id: int):
    require(request, "enforcement.pupn_view")
    return get_object_or_404(handovers_visible(user=request.user), pk=handover_id)


@router.get("/cases/{case_id}", response=answers(PupnCaseDetailOut), summary="Satu berkas piutang dengan tahapannya")
def case_detail(request, case_id: int):
    require(request, "enforcement.pupn_view")
    return get_object_or_404(pupn_cases_visible(user=request.user).select_related("employer"), pk=case_id)


@router.post("/cases/{case_id}/stages", response=answers(PupnCaseDetailOut, 201),
             summary="KPKNL mencatat tahap pengurusan piutang")
def case_stage_create(request, case_id: int, payload: StageIn):
    """Urutan tahap, tanggal, nomor dokumen dan uang diterima diperiksa oleh layanan yang sama dengan layar
    KPKNL; setiap pencatatan masuk jejak audit."""
    require(request, "enforcement.pupn_work")
    visible = pupn_cases_visible(user=request.user).select_related("employer")
    pupn_case = get_object_or_404(visible, pk=case_id)
    pupn_stage_record(pupn_case=pupn_case, stage=payload.stage, dated=payload.dated, reference=payload.reference,
                      amount=payload.amount, note=payload.note, actor=request.user)
    return Status(201, visible.get(pk=case_id))
