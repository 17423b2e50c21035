"""Errors as RFC 9457 problem details (``application/problem+json``), in Indonesian, never a 500 for a
request the service refused. The ``type`` URIs are stable names a partner system can switch on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaError

CONTENT_TYPE = "application/problem+json"
BASE = "https://sinergi.bpjsketenagakerjaan.go.id/masalah/"


def problem_response(path: str, status: int, slug: str, title: str, detail: str = "", **extra) -> JsonResponse:
    body = {"type": BASE + slug, "title": title, "status": status, "instance": path}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


def problem(request, status: int, slug: str, title: str, detail: str = "", **extra) -> JsonResponse:
    return problem_response(request.path, status, slug, title, detail, **extra)


def install(api) -> None:
    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(request, 404, "tidak-ditemukan", "Tidak ditemukan",
                       "Data ini tidak ada atau tidak termasuk wilayah kerja Anda.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem(request, 403, "tidak-berwenang", "Tidak berwenang",
                       str(exc) or "Peran Anda tidak mencakup tindakan ini.")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = problem(request, 401, "perlu-masuk", "Perlu autentikasi",
                           "Kirim token API sebagai 'Authorization: Bearer …' (Profil → Token API).")
        response["WWW-Authenticate"] = 'Bearer realm="sinergi"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 400:
            return problem(request, 400, "isi-tidak-terbaca", "Isi permintaan tidak terbaca",
                           "Kirim isi permintaan sebagai JSON (Content-Type: application/json) dalam UTF-8.")
        return problem(request, exc.status_code, "galat-http", "Permintaan tidak dapat dilayani", str(exc))

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = f" Coba lagi dalam {int(exc.wait) + 1} detik." if exc.wait else ""
        return problem(request, 429, "terlalu-banyak-permintaan", "Terlalu banyak permintaan",
                       "Token ini melewati batas permintaan per menit." + wait)

    @api.exception_handler(SchemaError)
    def invalid_request(request, exc):
        errors = [{"location": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors]
        return problem(request, 422, "permintaan-tidak-valid", "Permintaan tidak valid",
                       "Periksa parameter yang disebut di 'errors'.", errors=errors)

    @api.exception_handler(ValidationError)
    def refused(request, exc):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return problem(request, 422, "ditolak", "Ditolak", "; ".join(m for ms in messages.values() for m in ms),
                       errors=[{"location": k, "message": m} for k, ms in messages.items() for m in ms])
