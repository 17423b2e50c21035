"""The versioned REST API for the partner agencies, ``/api/v1/`` (django-ninja: pydantic schemas, OpenAPI
3.1 generated from the code). Every endpoint answers through the same selectors and capabilities as the
screens: an outsider's id answers 404, a missing capability 403, and a refusal is a problem detail."""

from __future__ import annotations

from ninja import NinjaAPI

from sinergi.api import problems
from sinergi.api.auth import SessionAuth, TokenAuth
from sinergi.api.routers.employers import router as employers
from sinergi.api.routers.imports import router as imports
from sinergi.api.routers.jobs import router as jobs
from sinergi.api.routers.payments import router as payments
from sinergi.api.routers.pupn import router as pupn
from sinergi.api.routers.rentan import router as rentan
from sinergi.api.routers.skk import router as skk
from sinergi.api.throttling import TokenRateThrottle


class SinergiAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The schema, with every error answer documented as what it is: ``application/problem+json``."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    if int(status) >= 400 and answer.get("content"):
                        body = next(iter(answer["content"].values()))
                        answer["content"] = {problems.CONTENT_TYPE: body}
        return schema


api = SinergiAPI(
    title="Sinergi API",
    version="1",
    description=(
        "API Sinergi untuk mitra BPJS Ketenagakerjaan (Kejaksaan, DJKN/KPKNL, Pemerintah Daerah). "
        "Setiap permintaan melihat data yang sama dengan layar penggunanya: wilayah kerja dan peran yang sama. "
        "Uang ditulis sebagai teks desimal (\"83109000.00\"), tanggal ISO 8601, kode wilayah dan unit seperti di "
        "layar. Galat dijawab sebagai *problem details* (RFC 9457). Penulisan boleh membawa header "
        "`Idempotency-Key`: kunci yang sama mengulang jawaban pertama tanpa menulis dua kali. Setiap token "
        "dibatasi jumlah permintaannya per menit (429 dengan `Retry-After`). Daftar memakai kursor "
        "(`?cursor=`) dan `ETag`/`If-None-Match`."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    throttle=[TokenRateThrottle()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("/employers", employers, tags=["Pemberi kerja"])
api.add_router("/skk", skk, tags=["SKK"])
api.add_router("/pupn", pupn, tags=["PUPN"])
api.add_router("/payments", payments, tags=["Pembayaran"])
api.add_router("/rentan", rentan, tags=["Pekerja rentan"])
api.add_router("/jobs", jobs, tags=["Pekerjaan latar"])
api.add_router("/imports", imports, tags=["Impor berkas"])
