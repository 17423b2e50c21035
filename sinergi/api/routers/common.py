"""What every router uses: the capability check (403 as a problem detail) and the daily usage count."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sinergi.orgs.scoping import user_can


def require(request, *capabilities: str) -> None:
    """403 unless the user's roles hold one of ``capabilities``."""
    if not any(user_can(request.user, capability) for capability in capabilities):
        raise PermissionDenied("Peran Anda tidak mencakup data ini.")
