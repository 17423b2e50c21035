from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from sinergi.audit.models import AppendOnlyError, AuditEvent
from sinergi.audit.services import audit_record
from sinergi.orgs.services import user_update


def test_an_audit_event_cannot_be_changed_or_deleted_by_the_application(world):
    event = audit_record(actor=world.person("admin"), action="uji", obj=world.unit("kejari-ende"))
    event.reason = "diubah"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize("sql", ["UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
                                 "DELETE FROM audit_auditevent WHERE id = %s"])
def test_the_database_itself_refuses_to_rewrite_history(world, sql):
    event = audit_record(actor=None, action="uji", obj=world.unit("kejari-ende"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


def test_the_history_page_shows_who_changed_what_and_why(login, world):
    user_update(user=world.person("yohanes"), actor=world.person("admin"), position="Kasi Datun",
                reason="SK mutasi 12/2025")
    page = login("agustinus").get(f"/audit/orgs.user/{world.person('yohanes').pk}/").content.decode()
    assert "orgs.user.update" in page and "Kasi Datun" in page and "SK mutasi 12/2025" in page


def test_history_of_an_unknown_kind_of_record_is_not_found(login):
    assert login("admin").get("/audit/tidak.ada/1/").status_code == 404


def test_the_audit_search_filters_by_action_and_text(login, world):
    audit_record(actor=None, action="uji.cari", obj=world.unit("bpjs-cabang-samarinda"), reason="penanda-xyz")
    client = login("hendra")
    assert "penanda-xyz" in client.get("/audit/", {"q": "penanda-xyz"}).content.decode()
    assert "penanda-xyz" not in client.get("/audit/", {"action": "auth."}).content.decode()
