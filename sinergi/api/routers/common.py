"""What every router uses: the capability check (403 as a problem detail) and the daily usage count."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sinergi.orgs.scoping import user_can


def require(request, capability: str) -> None:
    if not user_can(request.user, capability):
        raise PermissionDenied("Peran Anda tidak mencakup data ini.")
