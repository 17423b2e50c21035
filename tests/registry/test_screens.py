"""The registry screens: the employer list, its XLSX export, an employer, a worker with a masked NIK.

The people are those of tests/world.py: Dimas (receivables, Balikpapan), Sari (membership, Balikpapan, may
read full NIKs), Yusuf (compliance inspector, Balikpapan, may not), Hendra (head of Kanwil Kalimantan) and
Maria (compliance, Kupang).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.audit.models import AuditEvent
from sinergi.formatting import format_rupiah as rupiah
from sinergi.receivables.penalties import bills_penalties
from sinergi.receivables.positions import EmployerFilters, employers_list, employers_totals
from sinergi.receivables.summaries import summaries_refresh
from sinergi.registry.models import Employer
from tests.registry.factories import (
    RATE_TOTAL,
    bill_make,
    employer_make,
    employment_make,
    payment_make,
    snapshot_make,
    wage_make,
    worker_make,
)

MONTH_BILL = 10_000_000 * RATE_TOTAL  # one month of a Rp 10 juta wage base: Rp 924.000
LIST = "/pemberi-kerja/"


@dataclass
class Ledger:
    teluk: Employer  # Balikpapan, manufacturing, three months billed, one and a bit paid
    rejeki: Employer  # Balikpapan, trade, non-active, nothing billed
    mahakam: Employer  # Balikpapan, construction, one big unpaid bill from 2024: macet
    samarinda: Employer
    kupang: Employer
    ani: object  # a worker of Teluk (and of Kupang's employer)


@pytest.fixture
def ledger(db) -> Ledger:
    teluk = employer_make(branch="bpjs-cabang-balikpapan", name="PT Teluk Balikpapan Makmur", sector="C",
                          npwp="012345678901234", is_construction_project=False, jkk_risk_group=2)
    rejeki = employer_make(branch="bpjs-cabang-balikpapan", name="CV Sumber Rejeki", sector="G",
                           status=Employer.Status.NON_ACTIVE)
    mahakam = employer_make(branch="bpjs-cabang-balikpapan", name="PT Mahakam Konstruksi", sector="F",
                            is_construction_project=True)
    samarinda = employer_make(branch="bpjs-cabang-samarinda", name="PT Samarinda Jaya", sector="C")
    kupang = employer_make(branch="bpjs-cabang-kupang", name="PT Flobamora Sejahtera", sector="A")

    ani = worker_make(name="Ani Lestari", sex="F", birth_date=dt.date(1992, 8, 17))
    ani_at_teluk = employment_make(worker=ani, employer=teluk, wage=4_000_000)
    wage_make(employment=ani_at_teluk, effective_from=dt.date(2025, 1, 1), wage=5_000_000)
    wage_make(employment=ani_at_teluk, effective_from=dt.date(2099, 1, 1), wage=9_000_000)  # not yet in force
    employment_make(worker=ani, employer=kupang, start=dt.date(2021, 1, 1), end=dt.date(2022, 12, 31))
    for name in ("Budi Santoso", "Citra Dewi"):
        employment_make(worker=worker_make(name=name), employer=teluk)
    employment_make(worker=worker_make(name="Dodi Pensiun"), employer=teluk, end=dt.date(2024, 6, 30))
    employment_make(worker=worker_make(name="Eka Putri"), employer=rejeki)
    employment_make(worker=worker_make(name="Fajar Samarinda"), employer=samarinda)

    january, february, march = (bill_make(employer=teluk, period=dt.date(2025, m, 1)) for m in (1, 2, 3))
    payment_make(employer=teluk, amount=int(MONTH_BILL) + 500_000 + 20_000, paid_on=dt.date(2025, 3, 10),
                 allocations=[(january, int(MONTH_BILL)), (february, 500_000)], penalty=20_000)
    payment_make(employer=teluk, amount=int(MONTH_BILL), paid_on=dt.date(2025, 4, 10), reversed=True,
                 allocations=[(march, int(MONTH_BILL))])
    snapshot_make(employer=teluk, month=dt.date(2025, 2, 1), klass="lancar", months_overdue=1)
    snapshot_make(employer=teluk, month=dt.date(2025, 3, 1), klass="kurang_lancar", months_overdue=2)

    bill_make(employer=mahakam, period=dt.date(2024, 1, 1), base=100_000_000, workers=20)
    snapshot_make(employer=mahakam, month=dt.date(2025, 3, 1), klass="macet", months_overdue=14)
    bill_make(employer=samarinda, period=dt.date(2025, 1, 1))
    bill_make(employer=kupang, period=dt.date(2025, 1, 1))
    # The services keep the stored positions current; these factories write the ledger directly.
    summaries_refresh()
    return Ledger(teluk, rejeki, mahakam, samarinda, kupang, ani)


def npps(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return re.findall(r'<tr data-npp="(\d{8})"', response.content.decode())


# Who sees what


def test_dimas_of_balikpapan_sees_balikpapans_employers_and_not_kupangs(login, ledger):
    client = login("dimas")
    shown = npps(client.get(LIST))
    assert set(shown) == {ledger.teluk.npp, ledger.rejeki.npp, ledger.mahakam.npp}
    assert client.get(f"{LIST}{ledger.kupang.pk}/").status_code == 404
    assert client.get(f"{LIST}{ledger.samarinda.pk}/").status_code == 404
    assert client.get(f"{LIST}{ledger.teluk.pk}/").status_code == 200


def test_dimas_cannot_reach_kupang_through_the_branch_filter(login, ledger, world):
    shown = npps(login("dimas").get(LIST, {"branch": world.unit("bpjs-cabang-kupang").pk}))
    assert ledger.kupang.npp not in shown


def test_hendra_of_kanwil_kalimantan_sees_every_kalimantan_branch_but_not_kupang(login, ledger, world):
    client = login("hendra")
    response = client.get(LIST)
    assert set(npps(response)) == {ledger.teluk.npp, ledger.rejeki.npp, ledger.mahakam.npp, ledger.samarinda.npp}
    page = response.content.decode()
    assert "BPJS Ketenagakerjaan Kantor Cabang Tarakan" in page  # a branch to filter by
    assert "BPJS Ketenagakerjaan Kantor Cabang Kupang" not in page
    assert client.get(f"{LIST}{ledger.samarinda.pk}/").status_code == 200
    assert client.get(f"{LIST}{ledger.kupang.pk}/").status_code == 404
    only_samarinda = client.get(LIST, {"branch": world.unit("bpjs-cabang-samarinda").pk})
    assert npps(only_samarinda) == [ledger.samarinda.npp]


def test_maria_of_kupang_sees_only_kupang(login, ledger):
    assert npps(login("maria").get(LIST)) == [ledger.kupang.npp]


def test_a_prosecutor_has_no_employer_list(login, ledger):
    assert login("rina").get(LIST).status_code == 403


# Figures


def test_the_figures_are_principal_billed_paid_and_outstanding(ledger, world):
    rows = {e.npp: e for e in employers_list(user=world.person("dimas"))}
    teluk = rows[ledger.teluk.npp]
    assert teluk.workers == 3  # Dodi left in 2024
    assert teluk.billed == 3 * MONTH_BILL
    # The penalty part and the reversed payment of March are not principal paid.
    assert teluk.paid == MONTH_BILL + 500_000
    assert teluk.outstanding == 3 * MONTH_BILL - (MONTH_BILL + 500_000)
    assert teluk.months_in_arrears == 2  # February (partly paid) and March
    # The class is today's, from the ledger: February 2025 has been partly unpaid for well over 9 months.
    assert teluk.latest_class == "macet"
    mahakam = rows[ledger.mahakam.npp]
    assert mahakam.outstanding == 100_000_000 * RATE_TOTAL and mahakam.months_in_arrears == 1
    assert mahakam.latest_class == "macet"
    rejeki = rows[ledger.rejeki.npp]
    assert (rejeki.workers, rejeki.billed, rejeki.outstanding, rejeki.months_in_arrears) == (1, 0, 0, 0)
    assert rejeki.latest_class is None


@pytest.mark.parametrize("sort", ["name", "-outstanding"])
def test_the_page_shows_the_same_figures_however_it_is_sorted(login, ledger, sort):
    page = login("dimas").get(LIST, {"sort": sort}).content.decode()
    row = page.split(f'<tr data-npp="{ledger.teluk.npp}">')[1].split("</tr>")[0]
    for amount in (3 * MONTH_BILL, MONTH_BILL + 500_000, 3 * MONTH_BILL - (MONTH_BILL + 500_000)):
        assert rupiah(amount) in row
    assert "Macet" in row


def test_the_totals_row_adds_up_the_whole_filtered_list(login, ledger):
    client = login("dimas")
    page = client.get(LIST, {"sector": "C"}).content.decode()
    loader = re.search(r'hx-get="([^"]+)" hx-trigger="load"', page).group(1).replace("&amp;", "&")
    assert "part=totals" in loader and "sector=C" in loader
    totals = client.get(LIST + loader).content.decode()
    assert 'data-testid="employer-totals"' in totals and "Jumlah 1 pemberi kerja" in totals
    everything = client.get(LIST, {"part": "totals"}).content.decode()
    assert "Jumlah 3 pemberi kerja" in everything
    assert rupiah(3 * MONTH_BILL + 100_000_000 * RATE_TOTAL) in everything  # billed
    assert rupiah(3 * MONTH_BILL - (MONTH_BILL + 500_000) + 100_000_000 * RATE_TOTAL) in everything  # outstanding
    only_macet = client.get(LIST, {"part": "totals", "klass": "macet"}).content.decode()
    teluk_outstanding = 3 * MONTH_BILL - (MONTH_BILL + 500_000)
    assert "Jumlah 2 pemberi kerja" in only_macet
    assert rupiah(100_000_000 * RATE_TOTAL + teluk_outstanding) in only_macet


def test_the_totals_agree_with_the_rows(ledger, world):
    rows = list(employers_list(user=world.person("hendra")))
    totals = employers_totals(employers_list(user=world.person("hendra")))
    assert totals["employers"] == len(rows) == 4
    for key in ("workers", "billed", "paid", "outstanding"):
        assert totals[key] == sum(getattr(r, key) for r in rows), key


# Filters and sort


@pytest.mark.parametrize(("params", "expected"), [
    ({"sector": "F"}, ["mahakam"]),
    ({"status": "non_active"}, ["rejeki"]),
    ({"klass": "macet"}, ["mahakam", "teluk"]),
    ({"klass": "kurang_lancar"}, []),
    ({"q": "teluk"}, ["teluk"]),
    ({"q": "SUMBER rej"}, ["rejeki"]),
    ({"sector": "C", "status": "active"}, ["teluk"]),
])
def test_dimas_narrows_the_list(login, ledger, params, expected):
    assert set(npps(login("dimas").get(LIST, params))) == {getattr(ledger, name).npp for name in expected}


def test_dimas_finds_an_employer_by_its_npp_or_the_start_of_it(login, ledger):
    client = login("dimas")
    assert npps(client.get(LIST, {"q": ledger.mahakam.npp})) == [ledger.mahakam.npp]
    assert ledger.mahakam.npp in npps(client.get(LIST, {"q": ledger.mahakam.npp[:5]}))


def test_arrears_of_at_least_rp_8_juta_leaves_the_big_debtor(login, ledger):
    client = login("dimas")
    assert npps(client.get(LIST, {"arrears_min": "8.000.000"})) == [ledger.mahakam.npp]
    teluk_outstanding = int(3 * MONTH_BILL - (MONTH_BILL + 500_000))
    at_the_boundary = npps(client.get(LIST, {"arrears_min": str(teluk_outstanding)}))
    assert set(at_the_boundary) == {ledger.teluk.npp, ledger.mahakam.npp}


def test_the_selector_takes_the_same_filters(ledger, world):
    filters = EmployerFilters(arrears_min=Decimal(1), sector="C")
    shown = [e.npp for e in employers_list(user=world.person("hendra"), filters=filters, sort="npp")]
    assert shown == [ledger.teluk.npp, ledger.samarinda.npp]


def test_a_malformed_amount_is_explained_not_a_server_error(login, ledger):
    response = login("dimas").get(LIST, {"arrears_min": "banyak", "sector": "F"})
    assert response.status_code == 200
    assert "Tulis jumlah rupiah dengan angka" in response.content.decode()
    assert npps(response) == [ledger.mahakam.npp]  # the valid filters still apply


@pytest.mark.parametrize(("sort", "expected"), [
    ("-outstanding", ["mahakam", "teluk", "rejeki"]),
    ("outstanding", ["rejeki", "teluk", "mahakam"]),
    ("-arrears", ["teluk", "mahakam", "rejeki"]),
    ("name", ["rejeki", "mahakam", "teluk"]),
    ("-name", ["teluk", "mahakam", "rejeki"]),
    ("npp", ["teluk", "rejeki", "mahakam"]),
    ("-npp", ["mahakam", "rejeki", "teluk"]),
    ("nonsense", ["rejeki", "mahakam", "teluk"]),
])
def test_dimas_sorts_the_list(login, ledger, sort, expected):
    assert npps(login("dimas").get(LIST, {"sort": sort})) == [getattr(ledger, n).npp for n in expected]


def test_the_column_header_toggles_the_sort_and_keeps_the_filters(login, ledger):
    page = login("dimas").get(LIST, {"sort": "-outstanding", "sector": "C"}).content.decode()
    link = re.search(r'href="([^"]+)" data-sort="outstanding"', page).group(1).replace("&amp;", "&")
    assert "sort=outstanding" in link and "sector=C" in link
    assert 'aria-sort="descending"' in page


def test_an_empty_result_says_so(login, ledger):
    page = login("dimas").get(LIST, {"q": "tidak ada yang bernama begini"}).content.decode()
    assert "Tidak ada pemberi kerja yang cocok dengan saringan ini." in page
    assert "employer-totals" not in page and "employer-export" not in page


def test_the_list_pages_through_many_employers(login, ledger):
    for n in range(30):
        employer_make(branch="bpjs-cabang-balikpapan", name=f"UD Halaman {n:02d}")
    client = login("dimas")
    first, second = client.get(LIST, {"size": 25}), client.get(LIST, {"size": 25, "page": 2})
    assert len(npps(first)) == 25 and len(npps(second)) == 8
    assert "Halaman 2 dari 2" in second.content.decode()
    assert "33 baris" in second.content.decode()


# Export


def _sheet(response) -> pl.DataFrame:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="pemberi-kerja-')
    return pl.read_excel(io.BytesIO(response.content), engine="calamine")


def test_the_export_holds_exactly_the_rows_dimas_may_see_with_the_filters(login, ledger):
    client = login("dimas")
    sheet = _sheet(client.get(LIST, {"format": "xlsx", "sort": "-outstanding"}))
    assert sheet["NPP"].to_list() == [ledger.mahakam.npp, ledger.teluk.npp, ledger.rejeki.npp]
    assert sheet.columns[:3] == ["NPP", "Nama badan usaha", "Kantor cabang"]
    teluk = sheet.row(1, named=True)
    assert teluk["Tunggakan iuran (Rp)"] == int(3 * MONTH_BILL - (MONTH_BILL + 500_000))
    assert teluk["Tenaga kerja aktif"] == 3 and teluk["Bulan menunggak"] == 2
    assert teluk["Kolektibilitas"] == "Macet"
    filtered = _sheet(client.get(LIST, {"format": "xlsx", "arrears_min": "8000000"}))
    assert filtered["NPP"].to_list() == [ledger.mahakam.npp]


def test_the_export_neutralises_formulas_in_names(login, ledger):
    for name in ("=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "+62 Jaya", "-Tambang", "@Sakti"):
        employer_make(branch="bpjs-cabang-balikpapan", name=name)
    sheet = _sheet(login("dimas").get(LIST, {"format": "xlsx", "q": "a"}))
    names = set(sheet["Nama badan usaha"].to_list())
    assert {"'=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "'+62 Jaya", "'-Tambang", "'@Sakti"} <= names
    assert "PT Teluk Balikpapan Makmur" in names


# Employer detail


def test_dimas_reads_an_employer_from_identity_to_collectibility(login, ledger):
    page = login("dimas").get(f"{LIST}{ledger.teluk.pk}/").content.decode()
    for text in ("PT Teluk Balikpapan Makmur", ledger.teluk.npp, "012345678901234", "10110", "Industri pengolahan",
                 "BPJS Ketenagakerjaan Kantor Cabang Balikpapan", "BPJS Ketenagakerjaan Kantor Wilayah Kalimantan",
                 "1 Maret 2019"):
        assert text in page, text
    workers = page.split('data-testid="employer-workers"')[1].split("</section>")[0]
    assert "Ani Lestari" in workers and "Rp 5.000.000" in workers and "Rp 9.000.000" not in workers
    assert "Dodi Pensiun" not in workers
    assert ledger.ani.nik not in page and ledger.ani.nik_masked in page
    bills = page.split('data-testid="employer-bills"')[1].split("</section>")[0]
    assert "Maret 2025" in bills and "JHT" in bills and "3,7%" in bills and "0,24%" in bills
    assert "Rp 424.000" in bills  # February: 924.000 billed, 500.000 paid
    payments = page.split('data-testid="employer-payments"')[1].split("</section>")[0]
    assert "Denda" in payments and "Dibatalkan" in payments
    history = page.split('data-testid="employer-collectibility"')[1].split("</section>")[0]
    assert "Kurang lancar" in history and "Februari 2025" in history
    assert f"/audit/registry.employer/{ledger.teluk.pk}/" in page


def test_the_former_workers_show_on_request(login, ledger):
    page = login("dimas").get(f"{LIST}{ledger.teluk.pk}/", {"tk": "semua"}).content.decode()
    assert "Dodi Pensiun" in page and "30 Juni 2024" in page


def test_the_employer_history_opens_for_dimas_but_not_for_maria(login, ledger):
    url = f"/audit/registry.employer/{ledger.teluk.pk}/"
    assert login("dimas").get(url).status_code == 200
    assert login("maria").get(url).status_code == 404


def test_the_detail_shows_the_denda_the_ledger_computes(login, ledger):
    page = login("dimas").get(f"{LIST}{ledger.mahakam.pk}/").content.decode()
    denda = bills_penalties(employers=[ledger.mahakam.pk])
    accrued = sum(p.accrued for p in denda.values())
    assert accrued > 0  # a 2024 bill never paid
    section = page.split('data-testid="employer-penalties"')[1].split("</table>")[0]
    assert rupiah(accrued) in section
    assert rupiah(100_000_000 * RATE_TOTAL + accrued) in section
    assert page.count('data-testid="bill-penalty"') == 1


# Worker detail and the NIK


def test_dimas_sees_anis_nik_masked_and_no_button(login, ledger):
    page = login("dimas").get(f"{LIST}tenaga-kerja/{ledger.ani.pk}/").content.decode()
    assert ledger.ani.nik_masked in page and ledger.ani.nik not in page
    assert "17 Agustus 1992" not in page and "1992" in page
    assert "Tampilkan NIK" not in page


def test_dimas_sees_only_the_balikpapan_employment_of_a_worker_who_also_worked_in_kupang(login, ledger):
    page = login("dimas").get(f"{LIST}tenaga-kerja/{ledger.ani.pk}/").content.decode()
    assert "PT Teluk Balikpapan Makmur" in page and "PT Flobamora Sejahtera" not in page
    assert "Rp 4.000.000" in page and "Rp 5.000.000" in page  # the wage history
    maria = login("maria").get(f"{LIST}tenaga-kerja/{ledger.ani.pk}/").content.decode()
    assert "PT Flobamora Sejahtera" in maria and "PT Teluk Balikpapan Makmur" not in maria


def test_sari_unmasks_anis_nik_and_the_audit_trail_records_it(login, ledger, world):
    client = login("sari")
    url = f"{LIST}tenaga-kerja/{ledger.ani.pk}/"
    page = client.get(url).content.decode()
    assert ledger.ani.nik not in page and "Tampilkan NIK" in page
    response = client.post(f"{url}nik/", {"reason": "Verifikasi klaim JHT"})
    assert response.status_code == 200
    page = response.content.decode()
    assert ledger.ani.nik in page and "17 Agustus 1992" in page
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="registry.nik.unmask", object_id=str(ledger.ani.pk))
    assert event.actor == world.person("sari") and event.object_type == "registry.worker"
    assert event.reason == "Verifikasi klaim JHT"
    assert event.scope_unit_id == world.unit("bpjs-cabang-balikpapan").pk
    assert ledger.ani.nik not in client.get(url).content.decode()  # only for that response
    history = client.get(f"/audit/registry.worker/{ledger.ani.pk}/").content.decode()
    assert "registry.nik.unmask" in history


def test_sari_must_say_why(login, ledger):
    response = login("sari").post(f"{LIST}tenaga-kerja/{ledger.ani.pk}/nik/", {"reason": "  "})
    assert response.status_code == 400
    assert ledger.ani.nik not in response.content.decode()
    assert "Tuliskan alasan membuka NIK lengkap." in response.content.decode()
    assert not AuditEvent.objects.filter(action="registry.nik.unmask").exists()


@pytest.mark.parametrize("name", ["yusuf", "dimas", "hendra"])
def test_people_without_full_nik_rights_get_403_on_unmask(login, ledger, name):
    response = login(name).post(f"{LIST}tenaga-kerja/{ledger.ani.pk}/nik/", {"reason": "ingin tahu"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="registry.nik.unmask").exists()


def test_sari_cannot_unmask_a_worker_outside_her_branch(login, ledger):
    kupang_only = worker_make(name="Yakobus Kupang")
    employment_make(worker=kupang_only, employer=ledger.kupang)
    response = login("sari").post(f"{LIST}tenaga-kerja/{kupang_only.pk}/nik/", {"reason": "verifikasi"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="registry.nik.unmask").exists()


def test_unmasking_is_a_post(login, ledger):
    assert login("sari").get(f"{LIST}tenaga-kerja/{ledger.ani.pk}/nik/").status_code == 405


# Query counts: a page costs the same whatever the number of rows


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(ledger, n: int, months=range(4, 13)) -> None:
    """More employers (with a worker, a bill, a payment and a snapshot each), more bills and workers for Teluk."""
    for _ in range(n):
        employer = employer_make(branch="bpjs-cabang-balikpapan")
        employment_make(worker=worker_make(), employer=employer)
        bill = bill_make(employer=employer, period=dt.date(2025, 1, 1))
        payment_make(employer=employer, amount=100_000, paid_on=dt.date(2025, 2, 1), allocations=[(bill, 100_000)])
        snapshot_make(employer=employer, month=dt.date(2025, 2, 1), klass="lancar")
    teluk = ledger.teluk
    for month in months:
        bill = bill_make(employer=teluk, period=dt.date(2025, month, 1))
        payment_make(employer=teluk, amount=200_000, paid_on=dt.date(2025, month, 20), allocations=[(bill, 200_000)])
        snapshot_make(employer=teluk, month=dt.date(2025, month, 1), klass="diragukan")
    for _ in range(n):
        employment_make(worker=worker_make(), employer=teluk)


@pytest.mark.parametrize(("url", "params"), [
    (LIST, {}),
    (LIST, {"sort": "-outstanding", "arrears_min": "1", "klass": "lancar"}),
    (LIST, {"format": "xlsx"}),
    (LIST, {"part": "totals", "sector": "C"}),
])
def test_the_employer_list_its_totals_and_export_do_not_grow_with_rows(login, ledger, url, params,
                                                            django_assert_max_num_queries):
    client = login("dimas")
    _grow(ledger, 2, months=range(4, 6))
    before = _queries(client, url, params)
    _grow(ledger, 30, months=range(6, 13))
    with django_assert_max_num_queries(10):
        client.get(url, params)
    assert _queries(client, url, params) == before


def test_the_employer_detail_does_not_grow_with_bills_payments_or_workers(login, ledger,
                                                                        django_assert_max_num_queries):
    client = login("dimas")
    url = f"{LIST}{ledger.teluk.pk}/"
    before = _queries(client, url)
    _grow(ledger, 30)
    with django_assert_max_num_queries(17):  # 3 of them for the denda, 1 for the PUPN notice
        client.get(url)
    assert _queries(client, url) == before


def test_the_worker_detail_does_not_grow_with_employments(login, ledger, django_assert_max_num_queries):
    client = login("dimas")
    url = f"{LIST}tenaga-kerja/{ledger.ani.pk}/"
    before = _queries(client, url)
    for i in range(5):
        employer = employer_make(branch="bpjs-cabang-balikpapan", name=f"PT Lain {i}")
        employment = employment_make(worker=ledger.ani, employer=employer, start=dt.date(2015 + i, 1, 1),
                                     end=dt.date(2015 + i, 12, 31))
        wage_make(employment=employment, effective_from=dt.date(2015 + i, 7, 1), wage=3_000_000)
    with django_assert_max_num_queries(10):
        client.get(url)
    assert _queries(client, url) == before
