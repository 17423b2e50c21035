"""The versioned REST API for the partner agencies, ``/api/v1/`` (django-ninja: pydantic schemas, OpenAPI
3.1 generated from the code). Every endpoint answers through the same selectors and capabilities as the
screens: an outsider's id answers 404, a missing capability 403, and a refusal is a problem detail."""

from __future__ import annotations

from ninja import NinjaAPI

from sinergi.api import problems
from sinergi.api.auth import SessionAuth, TokenAuth
from sinergi.api.routers.employers import router as employers
from sinergi.api.routers.skk import router as skk

api = NinjaAPI(
    title="Sinergi API",
    version="1",
    description=(
        "API Sinergi untuk mitra BPJS Ketenagakerjaan (Kejaksaan, DJKN/KPKNL, Pemerintah Daerah). "
        "Setiap permintaan melihat data yang sama dengan layar penggunanya: wilayah kerja dan peran yang sama. "
        "Uang ditulis sebagai teks desimal (\"83109000.00\"), tanggal ISO 8601, kode wilayah dan unit seperti di "
        "layar. Galat dijawab sebagai *problem details* (RFC 9457)."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("/employers", employers, tags=["Pemberi kerja"])
api.add_router("/skk", skk, tags=["SKK"])
