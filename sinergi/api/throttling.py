"""Rate limiting per token: django-ninja's throttle (a sliding window kept in Django's cache), keyed by the
API token rather than the user, so two systems of one office do not share a budget. Over the limit the answer
is 429 with ``Retry-After`` (a problem detail). The rate is ``SINERGI_API_RATE`` (default ``600/min``).

The window lives in Django's cache, which is in the process: exact for the one waitress process of
``sinergi serve``; with several web processes each counts its own requests (docs/api.md)."""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def __init__(self):
        super().__init__(settings.API_RATE)

    def get_cache_key(self, request) -> str:
        token = getattr(request, "api_token", None)
        if token is not None:
            ident = f"token-{token.pk}"
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
