"""SKKs (special powers of attorney to a Kejari/Kejati) with their events: ``/api/v1/skk``. A Kejari sees the
SKKs addressed to it, its Kejati those of its Kejari, a BPJS branch those it issued."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from sinergi.api.pagination import DEFAULT_LIMIT, cursor_page
from sinergi.api.routers.common import require
from sinergi.api.schemas import Money
from sinergi.enforcement.models import Skk
from sinergi.orgs.scoping import scoped

router = Router()


class SkkEventOut(Schema):
    status: str = Field(description="Tahap yang dicatat")
    dated: dt.date
    obstacle: str = ""
    note: str = ""


class SkkOut(Schema):
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
    def resolve_npp(obj) -> str:
        return obj.employer.npp

    @staticmethod
    def resolve_employer(obj) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_branch(obj) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_kejari(obj) -> str:
        return obj.kejari.code


class SkkDetailOut(SkkOut):
    events: list[SkkEventOut]

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.order_by("dated", "pk"))


class SkkPage(Schema):
    items: list[SkkOut]
    next_cursor: int | None = None


class SkkFilter(Schema):
    status: str = ""
    year: int | None = Field(None, description="Tahun SKK")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=500)
    cursor: int | None = None


def _visible(request):
    return scoped(Skk.objects.select_related("employer", "branch", "kejari"), request.user)


@router.get("/", response=SkkPage, summary="Daftar SKK")
def skk_list(request, filters: Query[SkkFilter]):
    require(request, "enforcement.skk_view")
    queryset = _visible(request)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.year:
        queryset = queryset.filter(dated__year=filters.year)
    rows, next_cursor = cursor_page(queryset, limit=filters.limit, cursor=filters.cursor)
    return {"items": rows, "next_cursor": next_cursor}


@router.get("/{skk_id}", response=SkkDetailOut, summary="Satu SKK dengan tahapannya")
def skk_detail(request, skk_id: int):
    require(request, "enforcement.skk_view")
    return get_object_or_404(_visible(request), pk=skk_id)
