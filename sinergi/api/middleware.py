"""What the API does around every request, whatever the endpoint: idempotent writes and conditional reads.

- **Idempotency** (``Idempotency-Key`` header on a POST/PUT/PATCH/DELETE with a bearer token): the first
  request reserves the key for its token, runs, and stores its answer; the same key again with the same method,
  path and body gets that stored answer back (``Idempotent-Replayed: true``) and writes nothing. The same key
  with another request is refused (422), and a key whose first request is still running answers 409 with
  ``Retry-After``. A 5xx answer is not kept, so a retry after a failure runs again. The key is the partner's
  choice (a UUID is usual), at most 128 characters.
- **Conditional GET**: every successful GET answer carries an ``ETag`` (a hash of its body); a request whose
  ``If-None-Match`` names it gets ``304 Not Modified`` with no body, so a partner polling a large list only
  downloads it when it changed.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag

from sinergi.api.problems import CONTENT_TYPE, problem_response

PREFIX = "/api/"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_KEY = 128


def _bearer_hash(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return hashlib.sha256(raw.strip().encode()).hexdigest()


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), request.body):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        key = request.headers.get("Idempotency-Key", "").strip()
        if request.method in WRITES and key:
            return self._idempotent(request, key)
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                set_response_etag(response)
            conditional = get_conditional_response(request, etag=response["ETag"], response=response)
            return conditional
        return response

    def _idempotent(self, request, key: str):
        from sinergi.api.models import ApiToken, IdempotencyKey

        if len(key) > MAX_KEY:
            return problem_response(request.path, 422, "kunci-idempotensi-tidak-valid", "Kunci idempotensi tidak valid",
                                    f"Idempotency-Key paling panjang {MAX_KEY} karakter.")
        token_hash = _bearer_hash(request)
        token_id = token_hash and ApiToken.objects.filter(key_hash=token_hash).values_list("pk", flat=True).first()
        if not token_id:
            # No usable token: the endpoint answers 401 itself, and there is nothing to keep a key for.
            return self.get_response(request)
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                entry = IdempotencyKey.objects.create(token_id=token_id, key=key, method=request.method,
                                                      path=request.path[:255], fingerprint=fingerprint)
        except IntegrityError:
            return self._replay(request, IdempotencyKey.objects.get(token_id=token_id, key=key), fingerprint)
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyKey.objects.filter(pk=entry.pk).delete()
            raise
        if response.status_code >= 500 or response.streaming:
            IdempotencyKey.objects.filter(pk=entry.pk).delete()
            return response
        IdempotencyKey.objects.filter(pk=entry.pk).update(
            status=response.status_code, content_type=response.get("Content-Type", ""),
            body=response.content.decode("utf-8", errors="replace"))
        return response

    @staticmethod
    def _replay(request, entry, fingerprint: str):
        if entry.fingerprint != fingerprint:
            return problem_response(
                request.path, 422, "kunci-idempotensi-dipakai", "Kunci idempotensi sudah dipakai",
                "Idempotency-Key ini sudah dipakai untuk permintaan lain (metode, alamat atau isi berbeda). "
                "Gunakan kunci baru untuk setiap penulisan yang berbeda.")
        if entry.status is None:
            response = problem_response(request.path, 409, "sedang-diproses", "Sedang diproses",
                                        "Permintaan pertama dengan Idempotency-Key ini masih berjalan. Coba lagi "
                                        "sebentar lagi.")
            response["Retry-After"] = "1"
            return response
        response = HttpResponse(entry.body.encode("utf-8"), status=entry.status,
                                content_type=entry.content_type or CONTENT_TYPE)
        response["Idempotent-Replayed"] = "true"
        return response

