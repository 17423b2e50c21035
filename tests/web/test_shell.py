from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import override_settings

LOCALE = Path(__file__).resolve().parents[2] / "sinergi" / "locale" / "en" / "LC_MESSAGES"


def _nav(html: str) -> set[str]:
    return set(re.findall(r'data-nav="([a-z_]+)"', html))


def test_each_person_sees_the_menu_of_their_role(login):
    assert _nav(login("admin").get("/").content.decode()) == {"home", "orgs", "calculator", "nik", "jobs", "audit",
                                                                   "admin", "employers", "aging", "billing", "payments",
                                                                   "cases", "worklist", "rentan", "verification",
                                                                   "rentan_payments", "pupn", "reports",
                                                                   "enforcement_dashboard", "skk", "coverage", "claims"}
    assert _nav(login("hendra").get("/").content.decode()) == {"home", "orgs", "calculator", "nik", "jobs",
                                                                    "audit", "employers", "aging", "rentan", "cases",
                                                                    "rentan_payments", "pupn", "reports",
                                                                    "enforcement_dashboard", "skk", "coverage",
                                                                    "claims"}
    # Nur handles claims at Balikpapan: the claims list is hers, the partner agencies' menus do not show it.
    assert "claims" in _nav(login("nur").get("/").content.decode())
    assert _nav(login("rina").get("/").content.decode()) == {"home", "orgs", "jobs", "reports", "skk"}


def test_the_interface_speaks_indonesian_and_switches_to_english(login):
    client = login("sari")
    assert "Keluar" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Sign out" in page and 'lang="en"' in page


def test_error_pages_are_in_indonesian(login):
    page = login("rina").get("/unit/999999/")
    assert page.status_code == 404 and "Halaman tidak ditemukan" in page.content.decode()
    page = login("rina").get("/audit/")
    assert page.status_code == 403 and "Akses ditolak" in page.content.decode()


@override_settings(DEBUG=False)
def test_assets_come_from_the_installed_packages_not_a_cdn(client, db):
    page = client.get("/masuk/").content.decode()
    assert "cdn" not in page.lower() and "https://" not in page
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        assert client.get(asset).status_code == 200, asset


def _po_entries(text: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, joining continuation lines; the header entry is skipped."""
    entries, current, key = [], {}, None
    for line in text.splitlines() + [""]:
        if line.startswith(("msgid ", "msgstr ", "msgstr[0] ")):
            key = line.split(" ", 1)[0].replace("[0]", "")
            if key == "msgid" and current:
                entries.append((current.get("msgid", ""), current.get("msgstr", "")))
                current = {}
            current[key] = line.split(" ", 1)[1].strip()[1:-1]
        elif line.startswith('"') and key:
            current[key] = current.get(key, "") + line.strip()[1:-1]
        elif line.startswith(("msgid_plural", "msgstr[")):
            # Further plural forms (and their continuation lines) are not part of msgstr[0].
            key = None
    if current:
        entries.append((current.get("msgid", ""), current.get("msgstr", "")))
    return [(i, s) for i, s in entries if i]


def test_every_indonesian_text_has_its_english_translation():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = _po_entries(po)
    assert len(entries) > 100
    missing = [msgid for msgid, msgstr in entries if not msgstr]
    assert not missing and "#, fuzzy" not in po
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    def unescape(text: str) -> str:
        return text.replace('\\"', '"').replace("\\n", "\n")

    stale = [i for i, t in entries if catalogue.gettext(unescape(i)) != unescape(t)]
    assert not stale, f"django.mo is older than django.po: run `make messages` ({stale[:3]})"


@pytest.mark.parametrize("name", ["sari", "rina", "andi", "admin"])
def test_home_page_query_count_does_not_grow_with_data(name, login, django_assert_max_num_queries):
    client = login(name)
    with django_assert_max_num_queries(12):
        client.get("/")


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(login):
    client = login("rina")
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "Keluar" in page and 'lang="id"' in page
