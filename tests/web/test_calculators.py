"""The contribution calculator and the NIK check: staff see the rules' own numbers, with the regulation of
every line, and bad input is explained on the form."""

from __future__ import annotations

import re

from django.urls import reverse

from sinergi.rules import bpu_contribution, contribution_compute
from sinergi.web.calculator_forms import parse_rupiah

CALCULATOR = reverse("web:calculator")
NIK = reverse("web:nik_check")


def _amounts(html: str, testid: str) -> list[str]:
    table = re.search(rf'data-testid="{testid}".*?</table>', html, re.S).group(0)
    return re.findall(r'data-amount="([^"]+)"', table)


def test_sari_computes_april_2025_and_sees_jp_capped_with_its_regulation(login):
    page = login("sari").get(CALCULATOR, {"period": "2025-04", "wage": "12.000.000", "risk_group": "3",
                                          "programmes": ["JKK", "JKM", "JHT", "JP", "JKP"]})
    html = page.content.decode()
    assert page.status_code == 200
    expected = contribution_compute(period="2025-04", wage=12_000_000, risk_group=3)
    assert _amounts(html, "calculator-lines") == [str(line.amount) for line in expected.lines]
    jp = re.search(r'<tr data-programme="JP" data-payer="employer">.*?</tr>', html, re.S).group(0)
    assert "Rp 10.547.400" in jp and "PP 45/2015" in jp and "Pemberi kerja" in jp and "2%" in jp
    totals = _amounts(html, "calculator-totals")
    assert totals[:3] == [str(expected.totals[p]) for p in ("employer", "worker", "government")]
    assert 'data-testid="calculator-trace"' in html and "Batas upah tertinggi JP" in html
    assert "Upah untuk JP dianggap upah pokok" in html  # an assumption


def test_sari_sees_the_padat_karya_discount_and_the_chosen_programmes_only(login):
    page = login("sari").get(CALCULATOR, {"period": "2025-04", "wage": "5000000", "risk_group": "1",
                                          "programmes": ["JKK", "JKM"], "relief": "padat-karya",
                                          "workers": "120", "industry": "footwear"})
    expected = contribution_compute(period="2025-04", wage=5_000_000, risk_group=1, programmes=["JKK", "JKM"],
                                    relief="padat-karya", workers=120, industry="footwear")
    html = page.content.decode()
    assert _amounts(html, "calculator-lines") == [str(line.amount) for line in expected.lines]
    assert expected.relief == "padat-karya" and "PP 7/2025" in html and 'data-programme="JHT"' not in html


def test_a_negative_wage_is_explained_in_indonesian_on_the_form(login):
    page = login("sari").get(CALCULATOR, {"period": "2025-04", "wage": "-5.000.000", "risk_group": "1",
                                          "programmes": ["JKK"]})
    html = page.content.decode()
    assert page.status_code == 200
    assert "tidak boleh negatif" in html and "is-invalid" in html
    assert 'data-testid="calculator-lines"' not in html


def test_a_period_before_the_programmes_and_a_wrong_format_are_form_errors(login):
    client = login("hendra")
    for period in ("2014-12", "April 2025"):
        page = client.get(CALCULATOR, {"period": period, "wage": "4000000", "risk_group": "1",
                                       "programmes": ["JKK"]})
        assert page.status_code == 200 and "is-invalid" in page.content.decode()
        assert 'data-testid="calculator-lines"' not in page.content.decode()


def test_errors_follow_the_language_of_the_interface(login):
    client = login("sari")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(CALCULATOR, {"period": "2025-04", "wage": "-1", "risk_group": "1",
                                   "programmes": ["JKK"]}).content.decode()
    assert "must not be negative" in html


def test_the_bpu_tab_computes_a_self_employed_contribution(login):
    page = login("sari").get(CALCULATOR, {"tab": "bpu", "bpu-period": "2025-04", "bpu-income": "2.500.000",
                                          "bpu-sector": "other", "bpu-funding": "self", "bpu-jht": "on"})
    html = page.content.decode()
    expected = bpu_contribution(period="2025-04", income=2_500_000, sector="other", funding="self", jht=True)
    assert _amounts(html, "bpu-lines") == [str(line.amount) for line in expected.lines] + [
        str(expected.totals["total"])]
    assert "Peserta" in html and "PP 44/2015" in html


def test_an_empty_calculator_invites_input(login):
    html = login("admin").get(CALCULATOR).content.decode()
    assert "empty-state" in html and 'value="JKP"' in html


def test_a_womans_nik_shows_perempuan_and_her_birth_date(login):
    page = login("fitri").get(NIK, {"nik": "6402074512900001"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-valid="true"' in html and "6402074512900001" in html
    assert re.search(r'data-testid="nik-sex">Perempuan<', html)
    assert re.search(r'data-testid="nik-birth-date">5 Desember 1990<', html)
    assert "64.02.07" in html


def test_an_excel_damaged_nik_is_explained(login):
    html = login("sari").get(NIK, {"nik": "6.40207E+15"}).content.decode()
    assert 'data-valid="false"' in html and "6.40207E+15" in html
    assert 'data-code="excel_scientific"' in html and "notasi ilmiah Excel" in html


def test_an_empty_nik_asks_for_one(login):
    page = login("sari").get(NIK, {"nik": ""})
    assert page.status_code == 200 and "Isi NIK yang akan diperiksa." in page.content.decode()


def test_rina_the_prosecutor_may_open_neither(login):
    client = login("rina")
    assert client.get(CALCULATOR).status_code == 403
    assert client.get(NIK, {"nik": "6402074512900001"}).status_code == 403


def test_amounts_are_read_the_way_staff_type_them():
    assert parse_rupiah("12.000.000") == 12_000_000
    assert parse_rupiah("Rp 12,000,000") == 12_000_000
    assert parse_rupiah("12.000.000,50") == parse_rupiah("12000000.50")
    assert parse_rupiah("-5.000") == -5000
