from __future__ import annotations

import io

import polars as pl

from tests.receivables.test_aging import kalimantan  # noqa: F401  (fixture)


def test_dimas_sees_balikpapans_aging_with_all_classes_and_a_drill_down(login, kalimantan):  # noqa: F811
    page = login("dimas").get("/piutang/umur/", {"as_of": "2026-01-20"}).content.decode()
    assert 'data-class="macet"' in page and "/pemberi-kerja/?klass=macet" in page
    assert "Kantor Cabang Balikpapan" in page and "Kantor Cabang Kupang" not in page


def test_maria_of_kupang_sees_no_arrears_of_balikpapan(login, kalimantan):  # noqa: F811
    page = login("maria").get("/piutang/umur/", {"as_of": "2026-01-20"}).content.decode()
    assert "Tidak ada tunggakan iuran" in page


def test_a_future_or_malformed_date_falls_back_to_today_with_a_message(login, kalimantan):  # noqa: F811
    client = login("hendra")
    assert "tidak valid" in client.get("/piutang/umur/", {"as_of": "kemarin"}).content.decode()
    assert "masa depan" in client.get("/piutang/umur/", {"as_of": "2999-01-01"}).content.decode()


def test_the_xlsx_export_carries_the_same_figures(login, kalimantan):  # noqa: F811
    response = login("hendra").get("/piutang/umur/", {"as_of": "2026-01-20", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = pl.read_excel(io.BytesIO(response.content), engine="calamine", has_header=False)
    cells = [str(v) for row in sheet.rows() for v in row if v is not None]
    assert "Macet" in cells and "Kurang lancar" in cells


def test_the_aging_page_does_not_query_per_employer(login, kalimantan, django_assert_max_num_queries):  # noqa: F811
    client = login("hendra")
    with django_assert_max_num_queries(15):
        client.get("/piutang/umur/", {"as_of": "2026-01-20"})
