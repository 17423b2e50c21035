from __future__ import annotations

from django.test import override_settings

from sinergi.audit.models import AuditEvent
from tests.world import PASSWORD


def test_sari_signs_in_and_out_and_both_are_audited(client, world):
    response = client.post("/masuk/", {"username": "sari", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/keluar/")
    assert client.get("/").status_code == 302
    actions = list(AuditEvent.objects.filter(actor_username="sari").values_list("action", flat=True))
    assert "auth.login" in actions and "auth.logout" in actions


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
def test_three_wrong_passwords_lock_the_account_even_against_the_right_one(client, world):
    for _ in range(3):
        response = client.post("/masuk/", {"username": "rina", "password": "salah-salah-1"})
        assert response.status_code == 200
    response = client.post("/masuk/", {"username": "rina", "password": PASSWORD})
    assert response.status_code == 200
    assert "Akun dikunci" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.lockout", object_repr__icontains="rina").exists()


def test_a_successful_login_clears_the_failure_count(client, world):
    client.post("/masuk/", {"username": "budi", "password": "keliru-123x"})
    assert world.person("budi").failed_login_count == 1
    client.post("/masuk/", {"username": "budi", "password": PASSWORD})
    assert world.person("budi").failed_login_count == 0


def test_only_the_system_administrator_reaches_django_admin(login):
    assert login("admin").get("/admin/").status_code == 200
    assert login("hendra").get("/admin/").status_code == 302


def test_the_profile_changes_the_password_with_the_policy(login, world):
    client = login("dimas")
    response = client.post("/profil/", {"old_password": PASSWORD, "new_password1": "12345678901",
                                        "new_password2": "12345678901"})
    assert "huruf dan angka" in response.content.decode()
    response = client.post("/profil/", {"old_password": PASSWORD, "new_password1": "piutang-baru-77",
                                        "new_password2": "piutang-baru-77"})
    assert response.status_code == 302
    assert world.person("dimas").check_password("piutang-baru-77")
    assert AuditEvent.objects.filter(action="orgs.user.set_password", object_id=str(world.person("dimas").pk)).exists()
