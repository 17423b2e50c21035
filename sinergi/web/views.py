from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sinergi.audit.selectors import audit_events_visible
from sinergi.jobs.selectors import jobs_visible
from sinergi.orgs.roles import ROLES
from sinergi.orgs.services import user_set_password
from sinergi.web.decorators import capability_required
from sinergi.web.navigation import nav_for


@capability_required("home.view")
def home(request):
    user = request.user
    context = {
        "unit": user.org_unit,
        "roles": [ROLES[code].label for code in sorted(user.role_codes) if code in ROLES],
        "shortcuts": [item for item in nav_for(user) if item["key"] != "home"],
        "recent_jobs": list(jobs_visible(user=user)[:5]),
        "recent_events": list(audit_events_visible(user=user).select_related("actor")[:8]),
    }
    return render(request, "web/home.html", context)


@capability_required("profile.view")
def profile(request):
    user = request.user
    if request.method == "POST":
        form = PasswordChangeForm(user, request.POST)
        if form.is_valid():
            user_set_password(user=user, password=form.cleaned_data["new_password1"], actor=user, validate=False)
            update_session_auth_hash(request, user)
            messages.success(request, _("Kata sandi berhasil diubah."))
            return redirect("web:profile")
    else:
        form = PasswordChangeForm(user)
    roles = [ROLES[code].label for code in sorted(user.role_codes) if code in ROLES]
    return render(request, "web/profile.html", {"form": form, "roles": roles})


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)
