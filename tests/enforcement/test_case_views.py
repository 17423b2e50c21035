"""The case screens as Yusuf (Balikpapan compliance), Maria (Kupang compliance), Dimas (receivables) and
Hendra (Kanwil leadership) use them."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.clock import today
from sinergi.enforcement.cases.services import cases_open_from_arrears
from sinergi.enforcement.models import Case, Letter, Step
from sinergi.formatting import format_date
from sinergi.jobs.models import Job
from sinergi.rules.workdays import add_working_days
from tests.enforcement.factories import case_make, employer_in_arrears
from tests.registry.factories import employer_make
from tests.world import person, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _letters_dir(settings, tmp_path):
    settings.LETTERS_DIR = tmp_path / "surat"


def test_yusuf_opens_cases_for_the_employers_he_ticks(login):
    late = employer_in_arrears(months=2, name="PT Menunggak Dua")
    other = employer_in_arrears(months=1, name="PT Menunggak Satu")
    client = login("yusuf")
    page = client.get("/penegakan/kasus/buka/").content.decode()
    assert late.npp in page and other.npp in page
    response = client.post("/penegakan/kasus/buka/", {"employers": [late.pk]}, follow=True)
    assert "1 kasus dibuka" in response.content.decode()
    case = Case.objects.get(employer=late)
    assert case.origin == "arrears" and case.months == 2
    assert late.npp not in client.get("/penegakan/kasus/buka/").content.decode()  # it has its case now


def test_yusuf_opens_cases_for_every_employer_of_his_filter(login):
    employers = [employer_in_arrears(months=1, name=f"CV Saringan {i}") for i in range(3)]
    untouched = employer_in_arrears(months=1, name="PT Lain Sekali")
    response = login("yusuf").post("/penegakan/kasus/buka/", {"all": "1", "q": "Saringan"}, follow=True)
    assert "3 kasus dibuka" in response.content.decode()
    assert Case.objects.filter(employer__in=employers).count() == 3
    assert not Case.objects.filter(employer=untouched).exists()


def test_a_finding_for_an_employer_with_an_open_case_points_to_that_case(login):
    employer = employer_make(branch=unit("bpjs-cabang-balikpapan"))
    case = case_make(employer=employer, origin="pds_upah")
    response = login("yusuf").post("/penegakan/kasus/temuan/", {
        "npp": employer.npp, "kind": "pwbd", "description": "Cabang baru belum didaftarkan", "workers": "8",
        "amount": "2.400.000", "found_on": "2025-06-02"})
    assert response.status_code == 400
    page = response.content.decode()
    assert case.number in page and f"/penegakan/kasus/{case.pk}/" in page


def test_yusuf_records_a_pds_upah_finding_with_an_indonesian_amount(login):
    employer = employer_make(branch=unit("bpjs-cabang-balikpapan"))
    response = login("yusuf").post("/penegakan/kasus/temuan/", {
        "npp": employer.npp, "kind": "pds_upah", "description": "Upah dilaporkan sebesar UMK", "workers": "12",
        "amount": "3.600.000", "found_on": "02/06/2025"})
    case = Case.objects.get(employer=employer)
    assert response.status_code == 302 and response["Location"] == f"/penegakan/kasus/{case.pk}/"
    assert case.amount == 3_600_000 and case.findings.get().workers == 12


def test_yusuf_cannot_record_a_finding_on_a_kupang_employer(login):
    kupang = employer_make(branch=unit("bpjs-cabang-kupang"))
    response = login("yusuf").post("/penegakan/kasus/temuan/", {
        "npp": kupang.npp, "kind": "pwbd", "description": "x", "found_on": "2025-06-02"})
    assert response.status_code == 400 and "tidak ditemukan di wilayah kerja Anda" in response.content.decode()
    assert not Case.objects.filter(employer=kupang).exists()


def test_sp2_before_sp1_deadline_is_refused_on_the_case_page_with_the_reason(login):
    employer = employer_in_arrears(months=2)
    case = cases_open_from_arrears(employer_ids=[employer.pk], actor=person("yusuf"))["opened"][0]
    client = login("yusuf")
    response = client.post(f"/penegakan/kasus/{case.pk}/langkah/", {"action": "warning_1", "on": today().isoformat()})
    assert response.status_code == 302
    step = Step.objects.get(case=case, kind="warning_1")
    page = client.get(f"/penegakan/kasus/{case.pk}/").content.decode()
    assert step.letter.number in page and "Surat Peringatan 1" in page
    refused = client.post(f"/penegakan/kasus/{case.pk}/langkah/", {"action": "warning_2", "on": today().isoformat()})
    assert refused.status_code == 400
    assert format_date(step.due_on) in refused.content.decode()
    assert not Step.objects.filter(case=case, kind="warning_2").exists()


def test_the_letter_downloads_for_balikpapan_staff_and_is_hidden_from_maria(login, client):
    employer = employer_in_arrears(months=1)
    case = cases_open_from_arrears(employer_ids=[employer.pk], actor=person("yusuf"))["opened"][0]
    login("yusuf").post(f"/penegakan/kasus/{case.pk}/langkah/", {"action": "warning_1", "on": today().isoformat()})
    letter = Letter.objects.get(case=case)
    response = login("dimas").get(f"/penegakan/surat/{letter.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert login("maria").get(f"/penegakan/surat/{letter.pk}/").status_code == 404
    assert login("sari").get(f"/penegakan/surat/{letter.pk}/").status_code == 403


def test_maria_does_not_see_balikpapans_cases(login):
    balikpapan = case_make(employer=employer_make(branch=unit("bpjs-cabang-balikpapan"), name="PT Teluk Balikpapan"))
    kupang = case_make(employer=employer_make(branch=unit("bpjs-cabang-kupang"), name="PT Flobamora"))
    page = login("maria").get("/penegakan/kasus/").content.decode()
    assert kupang.number in page and balikpapan.number not in page
    assert login("maria").get(f"/penegakan/kasus/{balikpapan.pk}/").status_code == 404
    hendra = login("hendra").get("/penegakan/kasus/").content.decode()
    assert balikpapan.number in hendra and kupang.number not in hendra


def test_the_case_list_filters_and_exports_what_it_shows(login):
    overdue = case_make(next_due=dt.date(2024, 1, 10), stage="warning_1", next_action="warning_2")
    pwbd = case_make(origin="pwbd", next_due=add_working_days(today(), 20))
    client = login("yusuf")
    page = client.get("/penegakan/kasus/?overdue=on").content.decode()
    assert overdue.number in page and pwbd.number not in page
    page = client.get("/penegakan/kasus/?origin=pwbd").content.decode()
    assert pwbd.number in page and overdue.number not in page
    page = client.get(f"/penegakan/kasus/?q={overdue.employer.npp}").content.decode()
    assert overdue.number in page and pwbd.number not in page
    response = client.get("/penegakan/kasus/?origin=pwbd&format=xlsx")
    sheet = pl.read_excel(io.BytesIO(response.content), engine="calamine")
    assert sheet.columns[0] == "Nomor kasus" and sheet["Nomor kasus"].to_list() == [pwbd.number]


@pytest.mark.parametrize("url", ["/penegakan/kasus/", "/penegakan/daftar-tugas/"])
def test_the_case_list_and_worklist_query_counts_do_not_grow_with_cases(login, url):
    client = login("yusuf")
    case_make(next_due=today())
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        case_make(next_due=today())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_yusufs_worklist_shows_overdue_first_and_leaves_out_what_is_far_away(login):
    overdue = case_make(next_due=today() - dt.timedelta(days=3), next_action="warning_2")
    soon = case_make(next_due=add_working_days(today(), 2), next_action="fine")
    far = case_make(next_due=add_working_days(today(), 30))
    kupang = case_make(branch="bpjs-cabang-kupang", next_due=today())
    page = login("yusuf").get("/penegakan/daftar-tugas/").content.decode()
    assert overdue.number in page and soon.number in page
    assert far.number not in page and kupang.number not in page
    assert page.index(overdue.number) < page.index(soon.number)
    assert 'data-overdue="1"' in page


def test_mass_letters_start_a_job_for_the_cases_yusuf_may_see(login):
    mine = case_make(origin="pds_upah")
    kupang = case_make(branch="bpjs-cabang-kupang")
    response = login("yusuf").post("/penegakan/surat/massal/", {"level": "1", "cases": [mine.pk, kupang.pk]})
    assert response.status_code == 302 and not Job.objects.exists()  # one invisible case refuses the whole form
    response = login("yusuf").post("/penegakan/surat/massal/", {"level": "1", "cases": [mine.pk]})
    job = Job.objects.get(kind="enforcement.warning_letters")
    assert response["Location"] == f"/pekerjaan/{job.pk}/" and job.params["case_ids"] == [mine.pk]


def test_dimas_of_receivables_sees_cases_but_cannot_work_them(login):
    case = case_make(origin="pds_upah")
    client = login("dimas")
    assert client.get(f"/penegakan/kasus/{case.pk}/").status_code == 200
    assert client.post(f"/penegakan/kasus/{case.pk}/langkah/", {"action": "warning_1"}).status_code == 403
    assert client.get("/penegakan/daftar-tugas/").status_code == 403


@pytest.mark.browser
def test_yusuf_opens_a_case_finds_it_on_his_worklist_and_issues_sp1(page, live_world, settings, tmp_path):
    from tests.browser.test_navigation import sign_in

    settings.LETTERS_DIR = tmp_path / "surat-browser"
    late = employer_in_arrears(months=3, name="PT Pelabuhan Semayang")
    sign_in(page, "yusuf")
    page.click("[data-nav=cases]")
    page.click("[data-testid=case-open-arrears]")
    page.check(f"tr[data-npp='{late.npp}'] input[name=employers]")
    page.click("[data-testid=arrears-open-selected]")
    page.wait_for_selector("[data-testid=case-table]")
    assert "1 kasus dibuka" in page.inner_text(".messages")

    page.click("[data-nav=worklist]")
    row = page.inner_text("[data-testid=worklist-table] tr[data-case^='KP/BALIKPAPAN']")
    assert late.name in row and "Terbitkan Surat Peringatan 1" in row
    page.click("[data-testid=worklist-table] tr[data-case^='KP/BALIKPAPAN'] a")
    page.wait_for_selector("[data-testid=step-form]")
    assert page.is_disabled("[data-testid=step-warning_2]")
    page.click("[data-testid=step-warning_1]")
    page.wait_for_selector("[data-testid=case-stage][data-stage=warning_1]")
    assert "Surat Peringatan 1 nomor SP1/BALIKPAPAN/" in page.inner_text(".messages")
    href = page.get_attribute("[data-testid=step-letter]", "href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_after_both_warnings_lapse_the_case_page_links_to_the_skk_form_of_this_case(login):
    from tests.enforcement.factories import step_make

    case = case_make(origin="pds_upah", stage="warning_2", opened_on=dt.date(2024, 5, 1))
    step_make(case=case, kind="warning_1", started_on=dt.date(2024, 5, 2), due_on=dt.date(2024, 5, 17))
    client = login("yusuf")
    page = client.get(f"/penegakan/kasus/{case.pk}/").content.decode()
    assert "setelah Surat Peringatan 1 dan 2 tidak ditindaklanjuti" in page  # no SP2 yet: referral waits
    step_make(case=case, kind="warning_2", started_on=dt.date(2024, 5, 20), due_on=dt.date(2024, 6, 4))
    page = client.get(f"/penegakan/kasus/{case.pk}/").content.decode()
    assert f'href="/penegakan/kasus/{case.pk}/skk/"' in page
    assert "setelah Surat Peringatan 1 dan 2 tidak ditindaklanjuti" not in page


def test_a_case_handed_to_kejari_shows_its_skk_and_offers_only_notes(login):
    from tests.enforcement.factories import skk_make

    case = case_make(branch="bpjs-cabang-kupang", origin="pds_upah", stage="skk", next_action="")
    skk = skk_make(case=case, kejari="kejari-kota-kupang", principal=7_500_000)
    page = login("maria").get(f"/penegakan/kasus/{case.pk}/").content.decode()
    assert skk.number in page and "Kejaksaan Negeri Kota Kupang" in page and "Rp 7.500.000" in page
    assert 'data-testid="step-warning_1"' not in page and 'value="note"' in page
    assert 'data-testid="referral-link"' not in page


def test_the_case_page_query_count_does_not_grow_with_its_steps(login):
    from tests.enforcement.factories import finding_make, step_make

    case = case_make(origin="pds_upah")
    client = login("yusuf")
    step_make(case=case, kind="note", started_on=dt.date(2025, 1, 7), outcome="Kunjungan pertama")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/penegakan/kasus/{case.pk}/")
    for day in range(8, 20):
        step_make(case=case, kind="note", started_on=dt.date(2025, 1, day), outcome="Kunjungan")
        finding_make(case=case)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/penegakan/kasus/{case.pk}/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_case_page_dates_the_ladder_from_a_late_sp2(login):
    from sinergi.enforcement.cases.services import case_warning_issue

    yusuf = person("yusuf")
    case = case_make(origin="pds_upah", amount=4_000_000, opened_on=dt.date(2025, 4, 10))
    case_warning_issue(case=case, level=1, actor=yusuf, on=dt.date(2025, 4, 11))
    case_warning_issue(case=case, level=2, actor=yusuf, on=dt.date(2025, 6, 10))  # due 29 April: late
    page = login("yusuf").get(f"/penegakan/kasus/{case.pk}/").content.decode()
    table = page[page.index('data-testid="case-schedule"'):page.index('data-testid="case-schedule-fine"')]
    sp2 = table[table.index('data-step="warning_2"'):table.index('data-step="fine"')]
    assert f"{format_date(dt.date(2025, 6, 10))} – {format_date(dt.date(2025, 6, 24))}" in sp2
    assert "sesuai surat" in sp2
    fine = table[table.index('data-step="fine"'):table.index('data-step="tmp2t"')]
    assert f"{format_date(dt.date(2025, 6, 25))} – {format_date(dt.date(2025, 7, 24))}" in fine
    assert "rencana" in fine
    note = page[page.index('data-testid="case-schedule-fine"'):]
    assert f"sejak {format_date(dt.date(2025, 6, 24))}" in note.split("</p>")[0]
