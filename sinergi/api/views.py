"""The token pages of the profile: the user's tokens, a new one (its secret shown once), revoking one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.api.forms import TokenForm
from sinergi.api.models import ApiToken
from sinergi.api.services import token_create, token_revoke
from sinergi.clock import today
from sinergi.orgs.scoping import scoped
from sinergi.web.decorators import capability_required


def _own(user):
    return scoped(ApiToken.objects.filter(user=user), user)


@require_http_methods(["GET", "POST"])
@capability_required("api.use")
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    if form.is_bound and form.is_valid():
        try:
            token, secret = token_create(user=request.user, name=form.cleaned_data["name"],
                                         expires_on=form.cleaned_data["expires_on"], actor=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Token %(name)s dibuat. Salin sekarang: token ini tidak ditampilkan lagi.")
                             % {"name": token.name})
            form = TokenForm()
    return render(request, "api/tokens.html", {"form": form, "secret": secret, "tokens": _own(request.user),
                                               "today": today()},
                  status=400 if form.is_bound and form.errors else 200)


@require_POST
@capability_required("api.use")
def token_revoke_view(request, pk: int):
    token = get_object_or_404(_own(request.user), pk=pk)
    token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token %(name)s dicabut; sistem yang memakainya tidak dapat masuk lagi.")
                     % {"name": token.name})
    return redirect("apitokens:token_list")
