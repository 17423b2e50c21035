"""SKKs (special powers of attorney to a Kejari/Kejati) with their events: ``/api/v1/skk``. A Kejari sees the
SKKs addressed to it, its Kejati those of its Kejari, a BPJS branch those it issued."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from sinergi.api.pagination import DEFAULT_LIMIT, cursor_page
from sinergi.api.routers.common import require
from sinergi.api.schemas import Cursor, EmployerNamed, Money, PositiveMoneyIn, WithEvents, Year, answers
from sinergi.enforcement.models import Skk
from sinergi.enforcement.skk.services import skk_commit, skk_record
from sinergi.orgs.scoping import scoped

router = Router()


class SkkEventOut(Schema):
    status: str = Field(description="Tahap yang dicatat")
    dated: dt.date
    obstacle: str = ""
    note: str = ""


class SkkOut(EmployerNamed):
    id: int
    number: str
    dated: dt.date
    npp: str
    employer: str
    branch: str = Field(description="Kantor cabang pemberi kuasa")
    kejari: str = Field(description="Kejaksaan penerima kuasa")
    principal: Money
    penalty: Money
    amount: Money = Field(description="Nilai yang dikuasakan (Rp)")
    status: str
    obstacle: str
    settled_on: dt.date | None = None
    legacy: bool

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_kejari(obj) -> str:
        return obj.kejari.code


class SkkDetailOut(SkkOut, WithEvents):
    events: list[SkkEventOut]


class InstalmentOut(Schema):
    sequence: int
    due_on: dt.date
    amount: Money


class SkkDetailWithPlanOut(SkkDetailOut):
    instalments: list[InstalmentOut]

    @staticmethod
    def resolve_instalments(obj) -> list:
        return list(obj.instalments.order_by("sequence"))


class SkkEventIn(Schema):
    status: str = Field(description="summoned, clarification, negotiation, settled, failed atau returned "
                                    "(komitmen: POST …/commitment)")
    dated: dt.date = Field(description="Tanggal tahap, tidak sebelum tahap terakhir dan tidak di masa depan")
    note: str = Field("", description="Wajib untuk returned, dan untuk failed dengan kendala other")
    obstacle: str = Field("", description="Wajib untuk failed: closed, not_found, refuses, bankrupt atau other")


class InstalmentIn(Schema):
    due_on: dt.date
    amount: PositiveMoneyIn = Field(description="Rupiah, tanpa pemisah ribuan")


class CommitmentIn(Schema):
    dated: dt.date
    amount: PositiveMoneyIn = Field(description="Jumlah yang disanggupi pemberi kerja (Rp), paling banyak nilai SKK")
    instalments: list[InstalmentIn] = Field(default_factory=list,
                                            description="Jadwal angsuran; kosong berarti dibayar sekaligus")
    note: str = ""


class SkkPage(Schema):
    items: list[SkkOut]
    next_cursor: Cursor | None = None


class SkkFilter(Schema):
    status: str = ""
    year: Year | None = Field(None, description="Tahun SKK")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500)
    cursor: Cursor | None = None


def _visible(request):
    return scoped(Skk.objects.select_related("employer", "branch", "kejari"), request.user)


@router.get("/", response=answers(SkkPage), summary="Daftar SKK")
def skk_list(request, filters: Query[SkkFilter]):
    require(request, "enforcement.skk_view")
    queryset = _visible(request)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.year:
        queryset = queryset.filter(dated__year=filters.year)
    rows, next_cursor = cursor_page(queryset, limit=filters.limit, cursor=filters.cursor)
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/{skk_id}", response=answers(SkkDetailWithPlanOut), summary="Satu SKK dengan tahapan dan jadwal angsurannya")
def skk_detail(request, skk_id: int):
    require(request, "enforcement.skk_view")
    return get_object_or_404(_visible(request), pk=skk_id)


WRITE_ANSWERS = answers(SkkDetailWithPlanOut, 201)


@router.post("/{skk_id}/events", response=WRITE_ANSWERS, summary="Kejaksaan mencatat tahap penanganan SKK")
def skk_event_create(request, skk_id: int, payload: SkkEventIn):
    """Tahap yang sama dengan layar SKK Kejaksaan: urutan tahap, tanggal dan kendala diperiksa oleh layanan yang
    sama, dan setiap pencatatan masuk jejak audit."""
    require(request, "enforcement.skk_work")
    skk = get_object_or_404(_visible(request), pk=skk_id)
    skk_record(skk=skk, status=payload.status, dated=payload.dated, note=payload.note, obstacle=payload.obstacle,
               actor=request.user)
    return Status(201, _visible(request).get(pk=skk.pk))


@router.post("/{skk_id}/commitment", response=WRITE_ANSWERS, summary="Kejaksaan mencatat komitmen pembayaran")
def skk_commitment_create(request, skk_id: int, payload: CommitmentIn):
    """Komitmen pemberi kerja dengan jadwal angsurannya (jumlah angsuran harus sama dengan jumlah komitmen);
    komitmen baru menggantikan jadwal yang lama."""
    require(request, "enforcement.skk_work")
    skk = get_object_or_404(_visible(request), pk=skk_id)
    schedule = [(i.due_on, i.amount) for i in payload.instalments] or None
    skk_commit(skk=skk, dated=payload.dated, amount=payload.amount, schedule=schedule, note=payload.note,
               actor=request.user)
    return Status(201, _visible(request).get(pk=skk.pk))
