from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sinergi.formatting import format_date


class LoginForm(AuthenticationForm):
    """Django's login form, plus a clear message when the account is locked after failed attempts."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _lazy("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            user = get_user_model().objects.filter(username=username).only("locked_until").first()
            if user is not None and user.is_locked:
                local = timezone.localtime(user.locked_until)
                raise ValidationError(
                    _("Akun dikunci karena terlalu banyak percobaan masuk yang gagal. Coba lagi setelah "
                      "%(time)s.") % {"time": f"{format_date(local)} {local:%H:%M}"},
                    code="locked",
                )
        return super().clean()
