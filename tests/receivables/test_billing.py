"""Billing a month: the same law as `sinergi rules contribution`, idempotent, atomic, adjusted not rebilled."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi.receivables.billing import billing_run
from sinergi.receivables.models import Bill, BillLine
from sinergi.registry.models import Employer, Employment, WageReport, Worker
from sinergi.rules import Period, contribution_compute

_npp = itertools.count(30000000)
_nik = itertools.count(1)


def employer(world, *, branch="bpjs-cabang-balikpapan", risk_group=3, relief_industry="") -> Employer:
    return Employer.objects.create(npp=str(next(_npp)), name="PT Uji", branch=world.unit(branch),
                                   jkk_risk_group=risk_group, registered_on=dt.date(2015, 1, 1),
                                   relief_industry=relief_industry)


def employ(emp: Employer, wage: int, *, start=dt.date(2015, 7, 1), end=None, **flags) -> Employment:
    worker = Worker.objects.create(nik=f"647101010190{next(_nik):04d}", name="Pekerja")
    employment = Employment.objects.create(worker=worker, employer=emp, start_date=start, end_date=end, **flags)
    WageReport.objects.create(employment=employment, effective_from=start, wage=Decimal(wage))
    return employment


def expected(period: str, wages: list[tuple[int, int, dict]], relief: str | None = None) -> dict:
    """Per (programme, payer): the sum of the rules' per-worker lines (employer and worker shares)."""
    totals: dict[tuple[str, str], Decimal] = {}
    for wage, group, flags in wages:
        programmes = [p for p in ("JKK", "JKM", "JHT", "JP") if flags.get(p.lower(), True)]
        result = contribution_compute(period=period, wage=Decimal(wage), risk_group=group, programmes=programmes,
                                      relief=relief)
        for line in result.lines:
            if line.payer in ("employer", "worker"):
                key = (line.programme, line.payer)
                totals[key] = totals.get(key, Decimal(0)) + line.amount
    return totals


def billed(emp: Employer, period: str) -> dict:
    totals: dict[tuple[str, str], Decimal] = {}
    for line in BillLine.objects.filter(bill__employer=emp, bill__period=Period.parse(period).first_day):
        key = (line.programme, line.payer)
        totals[key] = totals.get(key, Decimal(0)) + line.amount
    return {k: v for k, v in totals.items() if v}


def test_april_2025_for_a_risk_group_3_employer_is_the_rules_arithmetic(world):
    emp = employer(world)
    employ(emp, 12_000_000)
    employ(emp, 4_000_000)
    run = billing_run(period="2025-04")
    assert billed(emp, "2025-04") == expected("2025-04", [(12_000_000, 3, {}), (4_000_000, 3, {})])
    assert billed(emp, "2025-04")[("JP", "employer")] == Decimal(10_547_400 * 2 // 100) + Decimal(4_000_000 * 2 // 100)
    bill = Bill.objects.get(employer=emp)
    assert bill.due_date == dt.date(2025, 5, 15)
    assert bill.principal == sum(billed(emp, "2025-04").values())
    assert run.counts["bills_created"] == 1


def test_running_the_same_month_again_writes_nothing(world):
    emp = employer(world)
    employ(emp, 5_000_000)
    billing_run(period="2025-04")
    lines = BillLine.objects.count()
    again = billing_run(period="2025-04")
    assert BillLine.objects.count() == lines
    assert again.counts["lines"] == 0 and again.counts["bills_created"] == 0


def test_a_wage_correction_for_a_billed_month_adds_an_adjustment_not_a_second_bill(world):
    emp = employer(world)
    employment = employ(emp, 5_000_000)
    billing_run(period="2025-04")
    WageReport.objects.create(employment=employment, effective_from=dt.date(2025, 4, 1), wage=Decimal(6_000_000))
    run = billing_run(period="2025-04")
    assert Bill.objects.filter(employer=emp).count() == 1
    adjustments = BillLine.objects.filter(bill__employer=emp, kind="adjustment")
    assert adjustments.count() == run.counts["adjustment_lines"] > 0
    assert billed(emp, "2025-04") == expected("2025-04", [(6_000_000, 3, {})])


def test_an_employment_ended_retroactively_is_credited_back(world):
    emp = employer(world)
    employment = employ(emp, 5_000_000)
    billing_run(period="2025-04")
    Employment.objects.filter(pk=employment.pk).update(end_date=dt.date(2025, 3, 31))
    billing_run(period="2025-04")
    assert billed(emp, "2025-04") == {}
    assert Bill.objects.get(employer=emp).principal == 0


def test_the_jp_cap_changes_in_march_not_january(world):
    emp = employer(world)
    employ(emp, 20_000_000)
    for period in ("2026-02", "2026-03"):
        billing_run(period=period)
    assert billed(emp, "2026-02")[("JP", "worker")] == Decimal(10_547_400) / 100
    assert billed(emp, "2026-03")[("JP", "worker")] == Decimal(11_086_300) / 100


def test_programmes_not_enrolled_are_not_billed(world):
    emp = employer(world)
    employ(emp, 5_000_000, jp=False, jht=False)
    billing_run(period="2025-04")
    assert {programme for programme, _ in billed(emp, "2025-04")} == {"JKK", "JKM"}


def test_covid_relief_applies_to_every_employer_in_its_window(world):
    emp = employer(world)
    employ(emp, 5_000_000)
    billing_run(period="2020-09")
    assert billed(emp, "2020-09") == expected("2020-09", [(5_000_000, 3, {})], relief="covid")
    assert billed(emp, "2020-09")[("JKK", "employer")] < Decimal(5_000_000) * Decimal("0.0089")


def test_padat_karya_relief_needs_the_industry_and_fifty_workers(world):
    small = employer(world, relief_industry="textile_apparel")
    large = employer(world, relief_industry="textile_apparel")
    employ(small, 4_000_000)
    for _ in range(50):
        employ(large, 4_000_000)
    run = billing_run(period="2025-04")
    assert run.counts["padat_karya_employers"] == 1
    assert billed(small, "2025-04")[("JKK", "employer")] == Decimal(4_000_000) * Decimal("0.0089")
    assert billed(large, "2025-04")[("JKK", "employer")] == 50 * Decimal(4_000_000) * Decimal("0.00445")


def test_a_branch_run_bills_only_that_branch(world):
    balikpapan, kupang = employer(world), employer(world, branch="bpjs-cabang-kupang")
    employ(balikpapan, 5_000_000)
    employ(kupang, 5_000_000)
    billing_run(period="2025-04", branch=world.unit("bpjs-cabang-kupang"))
    assert not Bill.objects.filter(employer=balikpapan).exists()
    assert Bill.objects.filter(employer=kupang).exists()
    billing_run(period="2025-04", branch=world.unit("bpjs-kanwil-kalimantan"))
    assert Bill.objects.filter(employer=balikpapan).exists()


def test_a_failing_run_leaves_nothing_behind(world, monkeypatch):
    emp = employer(world)
    employ(emp, 5_000_000)

    def explode(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr("sinergi.receivables.billing.audit_record", explode)
    with pytest.raises(RuntimeError):
        billing_run(period="2025-04")
    assert not Bill.objects.filter(employer=emp).exists() and not BillLine.objects.exists()


EMPLOYMENT = st.tuples(
    st.integers(min_value=0, max_value=60_000_000),  # wage
    st.integers(min_value=1, max_value=5),  # JKK risk group
    st.fixed_dictionaries({"jkk": st.just(True), "jkm": st.booleans(), "jht": st.booleans(), "jp": st.booleans()}),
)
PERIODS = st.sampled_from(["2015-12", "2016-02", "2016-03", "2019-07", "2020-08", "2021-01", "2021-02",
                           "2023-06", "2025-01", "2025-02", "2025-03", "2026-01", "2026-03", "2026-10"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(period=PERIODS, employments=st.lists(EMPLOYMENT, min_size=1, max_size=6))
def test_set_wise_billing_equals_the_rules_for_random_employments(world, period, employments):
    with transaction.atomic():
        by_group: dict[int, Employer] = {}
        for wage, group, flags in employments:
            emp = by_group.setdefault(group, employer(world, risk_group=group))
            employ(emp, wage, **flags)
        billing_run(period=period, branch=world.unit("bpjs-cabang-balikpapan"))
        relief = "covid" if "2020-08" <= period <= "2021-01" else None
        for group, emp in by_group.items():
            mine = [e for e in employments if e[1] == group]
            assert billed(emp, period) == {k: v for k, v in expected(period, mine, relief).items() if v}
        transaction.set_rollback(True)
