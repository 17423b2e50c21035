from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from sinergi.orgs.scoping import user_can


def capability_required(capability: str):
    """Sign-in required, then the capability: 403 (not a redirect) for a signed-in user who lacks it."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not user_can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.capability = capability
        return wrapper

    return decorate
