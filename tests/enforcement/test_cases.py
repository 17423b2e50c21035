"""Compliance cases and the PP 86/2013 ladder, as Yusuf (Balikpapan compliance) and Maria (Kupang) use them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sinergi.audit.models import AuditEvent
from sinergi.enforcement.cases.services import (
    CaseError,
    CaseExists,
    case_close,
    case_fine_impose,
    case_inspection_record,
    case_open_from_finding,
    case_referral_record,
    case_schedule,
    case_tmp2t_recommend,
    case_warning_issue,
    cases_open_from_arrears,
    cases_refresh_settled,
    finding_add,
    worklist,
)
from sinergi.enforcement.models import Case, Step
from sinergi.rules.penalties import admin_sanction_schedule
from tests.enforcement.factories import case_make, employer_in_arrears
from tests.registry.factories import employer_make, payment_make
from tests.world import person, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _letters_dir(settings, tmp_path):
    settings.LETTERS_DIR = tmp_path / "surat"

ON = dt.date(2024, 6, 3)  # a Monday; the bills of January–March 2024 are due by then
# One month of the arrears factory's bill over a Rp 10.000.000 wage base (see tests/registry/factories.LINES).
# The 2025 calendar as decreed, written out here so that the test does not borrow the code's calendar:
# public holidays (Keppres/SKB) and cuti bersama (SKB 1017/2024, 2/2024, 2/2024) of March–May 2025.
NON_WORKING_2025 = {
    dt.date(2025, 3, 28), dt.date(2025, 3, 29), dt.date(2025, 3, 31), dt.date(2025, 4, 1), dt.date(2025, 4, 2),
    dt.date(2025, 4, 3), dt.date(2025, 4, 4), dt.date(2025, 4, 7), dt.date(2025, 4, 18), dt.date(2025, 4, 20),
    dt.date(2025, 5, 1), dt.date(2025, 5, 12), dt.date(2025, 5, 13), dt.date(2025, 5, 29), dt.date(2025, 5, 30),
}


def _tenth_working_day_after(day: dt.date) -> dt.date:
    count = 0
    while count < 10:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in NON_WORKING_2025:
            count += 1
    return day


def _bill_total(employer) -> Decimal:
    return sum((b.principal for b in employer.bills.all()), Decimal(0))


def test_yusuf_opens_cases_for_balikpapan_employers_in_arrears():
    yusuf = person("yusuf")
    late = employer_in_arrears(months=3, on=ON, name="PT Teluk Lamong")
    paid_up = employer_make(branch=unit("bpjs-cabang-balikpapan"))
    result = cases_open_from_arrears(employer_ids=[late.pk, paid_up.pk], actor=yusuf, on=ON)

    (case,) = result["opened"]
    assert case.employer == late and case.branch == unit("bpjs-cabang-balikpapan")
    assert case.amount == _bill_total(late) and case.months == 3
    assert case.number == "KP/BALIKPAPAN/2024/00001"
    assert case.next_action == "warning_1" and case.next_due > ON
    assert [e for e, _ in result["skipped"]] == [paid_up]
    assert AuditEvent.objects.filter(action="enforcement.case.open_arrears").count() == 1


def test_a_second_opening_skips_the_employer_that_already_has_an_open_case():
    yusuf = person("yusuf")
    late = employer_in_arrears(months=2, on=ON)
    first = cases_open_from_arrears(employer_ids=[late.pk], actor=yusuf, on=ON)["opened"][0]
    again = cases_open_from_arrears(employer_ids=[late.pk], actor=yusuf, on=ON)
    assert again["opened"] == []
    assert first.number in again["skipped"][0][1]
    assert Case.objects.filter(employer=late).count() == 1


def test_yusuf_cannot_open_a_case_for_a_kupang_employer():
    kupang = employer_in_arrears(branch="bpjs-cabang-kupang", months=2, on=ON)
    result = cases_open_from_arrears(employer_ids=[kupang.pk], actor=person("yusuf"), on=ON)
    assert result["opened"] == [] and not Case.objects.filter(employer=kupang).exists()


def test_numbers_run_per_branch_and_year():
    yusuf, maria = person("yusuf"), person("maria")
    a, b = employer_in_arrears(months=1, on=ON), employer_in_arrears(months=1, on=ON)
    kupang = employer_in_arrears(branch="bpjs-cabang-kupang", months=1, on=ON)
    numbers = sorted(c.number for c in cases_open_from_arrears(employer_ids=[a.pk, b.pk], actor=yusuf,
                                                               on=ON)["opened"])
    assert numbers == ["KP/BALIKPAPAN/2024/00001", "KP/BALIKPAPAN/2024/00002"]
    (k,) = cases_open_from_arrears(employer_ids=[kupang.pk], actor=maria, on=ON)["opened"]
    assert k.number == "KP/KUPANG/2024/00001"


def test_a_pds_upah_finding_opens_a_case_and_a_second_finding_joins_it():
    yusuf = person("yusuf")
    employer = employer_make(branch=unit("bpjs-cabang-balikpapan"))
    case = case_open_from_finding(employer=employer, kind=Case.Origin.PDS_WAGE, description="Upah dilaporkan UMK",
                                  workers=12, amount=Decimal("3600000"), found_on=ON, actor=yusuf)
    assert case.origin == "pds_upah" and case.amount == Decimal("3600000")
    with pytest.raises(CaseExists) as refused:
        case_open_from_finding(employer=employer, kind=Case.Origin.PWBD, description="Cabang baru belum daftar",
                               workers=5, amount=Decimal("1000000"), found_on=ON, actor=yusuf)
    assert case.number in str(refused.value)
    finding_add(case=case, kind=Case.Origin.PDS_WORKERS, description="5 pekerja belum didaftarkan", workers=5,
                amount=Decimal("1000000"), found_on=ON, actor=yusuf)
    case.refresh_from_db()
    assert case.findings.count() == 2 and case.amount == Decimal("4600000")


def test_sp1_dated_before_idul_fitri_2025_runs_past_lebaran_and_cuti_bersama():
    case = case_make(opened_on=dt.date(2025, 3, 20), amount=6_000_000)
    sp1 = case_warning_issue(case=case, level=1, actor=person("yusuf"), on=dt.date(2025, 3, 27))
    assert sp1.due_on == _tenth_working_day_after(dt.date(2025, 3, 27)) == dt.date(2025, 4, 22)
    assert "PP 86/2013" in sp1.reference
    case.refresh_from_db()
    assert case.stage == "warning_1" and case.next_action == "warning_2" and case.next_due == sp1.due_on


def test_sp1_issued_on_a_cuti_bersama_day_starts_on_the_next_working_day():
    case = case_make(opened_on=dt.date(2025, 5, 2))
    sp1 = case_warning_issue(case=case, level=1, actor=person("yusuf"), on=dt.date(2025, 5, 13))
    # 13 May is cuti bersama (after Waisak on the 12th): the warning starts on 14 May and runs ten working
    # days after it, up to the eve of Kenaikan Isa Almasih (29 May) and its cuti bersama (30 May).
    assert sp1.due_on == _tenth_working_day_after(dt.date(2025, 5, 14)) == dt.date(2025, 5, 28)


def test_sp2_is_refused_before_sp1_deadline_and_allowed_after_it():
    yusuf = person("yusuf")
    employer = employer_in_arrears(months=2, first=dt.date(2025, 1, 1), on=dt.date(2025, 3, 27))
    case = cases_open_from_arrears(employer_ids=[employer.pk], actor=yusuf, on=dt.date(2025, 3, 27))["opened"][0]
    with pytest.raises(CaseError, match="Surat Peringatan 1"):
        case_warning_issue(case=case, level=2, actor=yusuf, on=dt.date(2025, 3, 27))
    sp1 = case_warning_issue(case=case, level=1, actor=yusuf, on=dt.date(2025, 3, 27))
    with pytest.raises(CaseError, match="22 April 2025"):
        case_warning_issue(case=case, level=2, actor=yusuf, on=sp1.due_on)
    with pytest.raises(CaseError):
        case_warning_issue(case=case, level=1, actor=yusuf, on=dt.date(2025, 4, 23))
    sp2 = case_warning_issue(case=case, level=2, actor=yusuf, on=dt.date(2025, 4, 23))
    assert sp2.due_on == _tenth_working_day_after(dt.date(2025, 4, 23))
    case.refresh_from_db()
    assert case.stage == "warning_2" and case.next_action == "fine" and case.next_due == sp2.due_on


def test_sp2_is_refused_when_the_arrears_were_paid_meanwhile():
    yusuf = person("yusuf")
    employer = employer_in_arrears(months=1, first=dt.date(2025, 1, 1), on=dt.date(2025, 3, 3))
    case = cases_open_from_arrears(employer_ids=[employer.pk], actor=yusuf, on=dt.date(2025, 3, 3))["opened"][0]
    case_warning_issue(case=case, level=1, actor=yusuf, on=dt.date(2025, 3, 3))
    bill = employer.bills.get()
    payment_make(employer=employer, amount=int(bill.principal), paid_on=dt.date(2025, 3, 10),
                 allocations=[(bill, int(bill.principal))])
    with pytest.raises(CaseError, match="lunas"):
        case_warning_issue(case=case, level=2, actor=yusuf, on=dt.date(2025, 4, 1))


def _through_sp2(case, actor):
    case_warning_issue(case=case, level=1, actor=actor, on=dt.date(2024, 6, 3))
    return case_warning_issue(case=case, level=2, actor=actor, on=dt.date(2024, 6, 20))


def test_the_fine_is_the_schedules_fine_on_the_unpaid_contributions():
    yusuf = person("yusuf")
    employer = employer_in_arrears(months=3, on=ON)
    case = cases_open_from_arrears(employer_ids=[employer.pk], actor=yusuf, on=ON)["opened"][0]
    sp2 = _through_sp2(case, yusuf)
    with pytest.raises(CaseError):
        case_fine_impose(case=case, actor=yusuf, on=sp2.due_on)
    on = dt.date(2024, 9, 2)
    fine = case_fine_impose(case=case, actor=yusuf, on=on)
    expected = admin_sanction_schedule(first_warning_date=dt.date(2024, 6, 3), iuran=_bill_total(employer), as_of=on)
    assert expected.fine_months >= 2
    assert fine.amount == expected.fine_amount == (_bill_total(employer) * Decimal("0.001") * expected.fine_months)
    case.refresh_from_db()
    assert case.stage == "fine" and case.next_action == "tmp2t" and case.next_due == fine.due_on


def test_tmp2t_follows_the_fine_and_then_the_case_can_be_referred():
    yusuf = person("yusuf")
    case = case_make(origin=Case.Origin.PDS_WAGE, amount=4_000_000, opened_on=dt.date(2024, 5, 27))
    with pytest.raises(CaseError):
        case_tmp2t_recommend(case=case, actor=yusuf, on=dt.date(2024, 8, 1))
    with pytest.raises(CaseError, match="Surat Peringatan 1 dan 2"):
        case_referral_record(case=case, kind=Step.Kind.SKK, actor=yusuf, on=dt.date(2024, 8, 1))
    _through_sp2(case, yusuf)
    case_inspection_record(case=case, actor=yusuf, on=dt.date(2024, 7, 10), outcome="Kantor masih beroperasi")
    case_fine_impose(case=case, actor=yusuf, on=dt.date(2024, 7, 22))
    step = case_tmp2t_recommend(case=case, actor=yusuf, on=dt.date(2024, 8, 1))
    assert step.letter.kind == "tmp2t"
    case.refresh_from_db()
    assert case.next_action == "referral"
    case_referral_record(case=case, kind=Step.Kind.SKK, actor=yusuf, on=dt.date(2024, 8, 5), reference="SKK/1")
    case.refresh_from_db()
    assert case.stage == "skk" and case.next_action == "" and case.next_due is None
    with pytest.raises(CaseError, match="diserahkan"):
        case_inspection_record(case=case, actor=yusuf, on=dt.date(2024, 8, 6))


def test_a_case_whose_arrears_reach_zero_closes_as_settled():
    yusuf = person("yusuf")
    paying = employer_in_arrears(months=1, on=ON)
    owing = employer_in_arrears(months=1, on=ON)
    cases = cases_open_from_arrears(employer_ids=[paying.pk, owing.pk], actor=yusuf, on=ON)["opened"]
    finding_case = case_open_from_finding(employer=employer_make(branch=unit("bpjs-cabang-balikpapan")),
                                          kind=Case.Origin.PWBD, description="Belum terdaftar", actor=yusuf,
                                          found_on=ON)
    bill = paying.bills.get()
    payment_make(employer=paying, amount=int(bill.principal), paid_on=dt.date(2024, 6, 5),
                 allocations=[(bill, int(bill.principal))])
    assert cases_refresh_settled(on=dt.date(2024, 6, 6)) == 1
    settled = Case.objects.get(employer=paying)
    assert settled.stage == "settled" and settled.closed_on == dt.date(2024, 6, 6) and settled.next_due is None
    assert Case.objects.get(employer=owing).closed_on is None
    finding_case.refresh_from_db()
    assert finding_case.closed_on is None
    assert cases_refresh_settled(on=dt.date(2024, 6, 6)) == 0
    assert len(cases) == 2


def test_closing_needs_a_reason_and_frees_the_employer_for_a_new_case():
    yusuf = person("yusuf")
    employer = employer_in_arrears(months=1, on=ON)
    case = cases_open_from_arrears(employer_ids=[employer.pk], actor=yusuf, on=ON)["opened"][0]
    with pytest.raises(CaseError):
        case_close(case=case, reason="  ", actor=yusuf, on=ON)
    case_close(case=case, reason="Perusahaan tutup, dialihkan ke penghapusan", actor=yusuf, on=ON)
    case.refresh_from_db()
    assert case.stage == "closed" and case.close_reason.startswith("Perusahaan tutup")
    again = cases_open_from_arrears(employer_ids=[employer.pk], actor=yusuf, on=ON)["opened"]
    assert len(again) == 1 and again[0].number.endswith("00002")


def test_yusufs_worklist_holds_what_is_due_within_five_working_days_overdue_first():
    yusuf = person("yusuf")
    today = dt.date(2025, 6, 2)
    overdue = case_make(next_due=dt.date(2025, 5, 26), next_action="warning_2")
    soon = case_make(next_due=dt.date(2025, 6, 5), next_action="fine")
    edge = case_make(next_due=dt.date(2025, 6, 11), next_action="warning_1")  # 6 Jun Idul Adha, 9 Jun cuti
    later = case_make(next_due=dt.date(2025, 6, 12), next_action="warning_1")  # the 6th working day
    closed = case_make(next_due=dt.date(2025, 5, 1), closed_on=dt.date(2025, 5, 2), stage="closed")
    kupang = case_make(branch="bpjs-cabang-kupang", next_due=dt.date(2025, 5, 20))
    rows = list(worklist(user=yusuf, on=today))
    assert rows == [overdue, soon, edge]
    assert later not in rows and closed not in rows and kupang not in rows
    assert list(worklist(user=person("maria"), on=today)) == [kupang]


# SP1 on Friday 11 April 2025 runs to Monday 28 April; on time, SP2 on Tuesday 29 April runs to Friday 16 May;
# late, SP2 on Tuesday 10 June runs to Tuesday 24 June (NON_WORKING_2025 and the 6 June Idul Adha and 9 June
# cuti bersama before it). The fine: 0,1 % × started months since SP2 ended × the case's Rp 4.000.000.
def _finding_case_with_sp2(sp2_on: dt.date):
    yusuf = person("yusuf")
    case = case_make(origin=Case.Origin.PDS_WAGE, amount=4_000_000, opened_on=dt.date(2025, 4, 10))
    case_warning_issue(case=case, level=1, actor=yusuf, on=dt.date(2025, 4, 11))
    sp2 = case_warning_issue(case=case, level=2, actor=yusuf, on=sp2_on)
    return case, sp2, yusuf


def test_a_fine_after_an_sp2_on_time_counts_from_its_end():
    case, sp2, yusuf = _finding_case_with_sp2(dt.date(2025, 4, 29))
    assert sp2.due_on == dt.date(2025, 5, 16)
    fine = case_fine_impose(case=case, actor=yusuf, on=dt.date(2025, 7, 1))
    assert fine.amount == Decimal("8000")  # 16 May → 1 July: 2 months × 0,1 % × Rp 4.000.000
    assert "2 bulan" in fine.outcome
    assert fine.due_on == dt.date(2025, 8, 15)  # with July's contribution


def test_a_fine_after_a_late_sp2_waits_for_it_and_counts_only_the_months_since():
    case, sp2, yusuf = _finding_case_with_sp2(dt.date(2025, 6, 10))
    assert sp2.due_on == dt.date(2025, 6, 24)
    with pytest.raises(CaseError, match="Surat Peringatan 2"):
        case_fine_impose(case=case, actor=yusuf, on=dt.date(2025, 6, 24))
    schedule = case_schedule(case, as_of=dt.date(2025, 7, 1))
    assert schedule.steps[1].start == dt.date(2025, 6, 10) and schedule.steps[1].actual
    assert schedule.fine_earliest == dt.date(2025, 6, 25) and schedule.fine_deadline == dt.date(2025, 7, 24)
    fine = case_fine_impose(case=case, actor=yusuf, on=dt.date(2025, 7, 1))
    # 24 June → 1 July: one started month, not the two a ladder dated from SP1 alone would fine.
    assert fine.amount == Decimal("4000") and "1 bulan" in fine.outcome
    event = AuditEvent.objects.filter(action="enforcement.case.fine").latest("id")
    assert event.after["months"] == 1
    after = case_schedule(case)
    assert after.steps[2].actual and after.steps[3].start == fine.due_on == dt.date(2025, 8, 15)
