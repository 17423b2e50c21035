"""Password policy beyond Django's validators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    """A password must mix letters and digits (government IT policy in most Pemda and BPJS offices)."""

    def validate(self, password: str, user=None) -> None:
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(_("Kata sandi harus memuat huruf dan angka."), code="password_letters_digits")

    def get_help_text(self) -> str:
        return _("Kata sandi harus memuat huruf dan angka.")
