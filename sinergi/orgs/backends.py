"""Authentication that refuses a locked account even with the right password."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)
