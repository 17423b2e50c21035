"""Employers with their position in the ledger, and their bills: ``/api/v1/employers``.

The prosecutors asked for "complete data on which registered employers are in arrears"; this is that list,
through the same selector as the employer screen (``receivables.positions``), filtered the same way."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from sinergi.api.pagination import DEFAULT_LIMIT, cursor_page
from sinergi.api.routers.common import require
from sinergi.api.schemas import Cursor, Money, MoneyIn, answers
from sinergi.receivables import positions

router = Router()


class EmployerOut(Schema):
    id: int
    npp: str = Field(description="Nomor Pendaftaran Perusahaan, 8 digit")
    name: str
    npwp: str
    kbli: str
    sector: str = Field(description="Kategori KBLI 2020 (huruf)")
    status: str
    branch: str = Field(description="Kode kantor cabang BPJS Ketenagakerjaan")
    region: str | None = Field(None, description="Kode wilayah Kepmendagri")
    workers: int = Field(description="Tenaga kerja aktif hari ini")
    billed: Money = Field(description="Iuran pokok ditagih (Rp)")
    paid: Money = Field(description="Iuran pokok dibayar (Rp)")
    outstanding: Money = Field(description="Iuran pokok tertunggak (Rp)")
    months_in_arrears: int
    collectibility: str | None = Field(None, description="lancar, kurang_lancar, diragukan atau macet")

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code if obj.branch_id else ""

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region_id and obj.region.code

    @staticmethod
    def resolve_collectibility(obj) -> str | None:
        return obj.latest_class or None


class EmployerPage(Schema):
    items: list[EmployerOut]
    next_cursor: int | None = Field(None, description="Kirim sebagai ?cursor= untuk halaman berikutnya")


class EmployerFilter(Schema):
    sector: str = Field("", description="Kategori KBLI (huruf)")
    status: str = ""
    collectibility: str = Field("", description="Kelas kolektibilitas")
    arrears_min: MoneyIn | None = Field(None, description="Tunggakan pokok paling sedikit (Rp)")
    q: str = Field("", description="NPP atau nama")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500)
    cursor: Cursor | None = None


class BillOut(Schema):
    id: int
    period: dt.date
    due_date: dt.date
    principal: Money
    paid: Money
    outstanding: Money


@router.get("/", response=answers(EmployerPage), summary="Daftar pemberi kerja dengan posisi piutangnya")
def employer_list(request, filters: Query[EmployerFilter]):
    require(request, "registry.view")
    wanted = positions.EmployerFilters(sector=filters.sector, status=filters.status, klass=filters.collectibility,
                                       arrears_min=filters.arrears_min, text=filters.q)
    queryset = positions.employers_list(user=request.user, filters=wanted).select_related("branch", "region")
    rows, next_cursor = cursor_page(queryset, limit=filters.limit, cursor=filters.cursor)
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/{employer_id}", response=answers(EmployerOut), summary="Satu pemberi kerja dengan posisi piutangnya")
def employer_detail(request, employer_id: int):
    require(request, "registry.view")
    queryset = positions.employers_list(user=request.user).select_related("branch", "region")
    return get_object_or_404(queryset, pk=employer_id)


@router.get("/{employer_id}/bills", response=answers(list[BillOut]), summary="Tagihan iuran satu pemberi kerja")
def employer_bills(request, employer_id: int):
    require(request, "registry.view")
    detail = positions.employer_detail(user=request.user, pk=employer_id)
    return detail.bills
