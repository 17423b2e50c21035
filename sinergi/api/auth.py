"""How a request proves who it is: a bearer token (partner systems) or the browser session (the docs page
and officers trying the API). Either way the request carries the user, with that user's roles and scope."""

from __future__ import annotations

from ninja.security import APIKeyCookie, HttpBearer

from sinergi.api.services import token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sng_…``."""

    openapi_description = "Token API pribadi (Profil → Token API), dikirim sebagai `Authorization: Bearer …`."

    def authenticate(self, request, token: str):
        found = token_authenticate(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; reads only (a write from the browser needs a token)."""

    param_name = "sessionid"
    openapi_description = "Sesi peramban yang sudah masuk (untuk halaman dokumentasi)."

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.method in ("GET", "HEAD"):
            return user
        return None
