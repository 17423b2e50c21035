"""Wage-earner contributions, one scenario per period boundary, written as the legal arithmetic."""

from decimal import Decimal

import pytest

from sinergi.rules import RulesError, contribution_compute, rate_table
from sinergi.rules.money import round_rupiah

D = Decimal


def line(result, programme, payer):
    return next(ln for ln in result.lines if ln.programme == programme and ln.payer == payer)


def test_a_worker_in_april_2025_risk_group_three():
    """Rp 12 juta, group III, all programmes: the JP base is the 2025 cap; JKP is paid by the government."""
    r = contribution_compute(period="2025-04", wage=D("12000000"), risk_group=3)
    assert line(r, "JKK", "employer").amount == D("12000000") * D("0.0089")
    assert line(r, "JKM", "employer").amount == D("12000000") * D("0.003")
    assert line(r, "JHT", "employer").amount == D("12000000") * D("0.037")
    assert line(r, "JHT", "worker").amount == D("12000000") * D("0.02")
    assert line(r, "JP", "employer").amount == D("10547400") * D("0.02")
    assert line(r, "JP", "worker").amount == D("10547400") * D("0.01")
    assert line(r, "JKP", "government").amount == D("5000000") * D("0.0022")
    assert r.totals["employer"] == D("12000000") * (D("0.0089") + D("0.003") + D("0.037")) + D("10547400") * D("0.02")
    assert r.totals["worker"] == D("12000000") * D("0.02") + D("10547400") * D("0.01")
    assert "PP 44/2015 Pasal 16 ayat (1) huruf c" in line(r, "JKK", "employer").reference


@pytest.mark.parametrize(("group", "rate"), [(1, "0.0024"), (2, "0.0054"), (3, "0.0089"), (4, "0.0127"),
                                             (5, "0.0174")])
def test_jkk_rate_of_each_risk_group(group, rate):
    r = contribution_compute(period="2024-06", wage=D("4000000"), risk_group=group, programmes="JKK")
    assert r.lines[0].amount == round_rupiah(D("4000000") * D(rate))


# JP cap: each year's cap from the March contribution month; February still uses the previous cap.
JP_CAPS = [
    (2016, "7000000", "7335300"), (2017, "7335300", "7703500"), (2018, "7703500", "8094000"),
    (2019, "8094000", "8512400"), (2020, "8512400", "8939700"), (2021, "8939700", "8754600"),
    (2022, "8754600", "9077600"), (2023, "9077600", "9559600"), (2024, "9559600", "10042300"),
    (2025, "10042300", "10547400"), (2026, "10547400", "11086300"),
]


@pytest.mark.parametrize(("year", "february_cap", "march_cap"), JP_CAPS)
def test_jp_cap_changes_in_march(year, february_cap, march_cap):
    wage = D("20000000")
    february = contribution_compute(period=f"{year}-02", wage=wage, risk_group=1, programmes="JP")
    march = contribution_compute(period=f"{year}-03", wage=wage, risk_group=1, programmes="JP")
    assert line(february, "JP", "employer").amount == D(february_cap) * D("0.02")
    assert line(february, "JP", "worker").amount == D(february_cap) * D("0.01")
    assert line(march, "JP", "employer").amount == D(march_cap) * D("0.02")
    assert line(march, "JP", "worker").amount == D(march_cap) * D("0.01")


def test_the_first_jp_cap_applies_from_july_2015():
    r = contribution_compute(period="2015-07", wage=D("9000000"), risk_group=1, programmes="JP")
    assert line(r, "JP", "employer").amount == D("7000000") * D("0.02")
    with pytest.raises(RulesError):
        contribution_compute(period="2015-06", wage=D("9000000"), risk_group=1, programmes="JP")


def test_jp_below_the_cap_uses_the_wage():
    r = contribution_compute(period="2025-04", wage=D("3500000"), risk_group=1, programmes="JP")
    assert line(r, "JP", "employer").amount == D("3500000") * D("0.02")


def jkp_total_rate(result):
    gov = line(result, "JKP", "government").rate
    return gov + sum((a.rate for a in result.allocations if a.target == "JKP"), D(0))


def test_no_jkp_before_february_2021():
    r = contribution_compute(period="2021-01", wage=D("6000000"), risk_group=2)
    assert "JKP" not in r.programmes and not r.allocations
    assert r.warnings  # says JKP was not computed
    with pytest.raises(RulesError):
        contribution_compute(period="2021-01", wage=D("6000000"), risk_group=2, programmes="JKK,JKP")


def test_jkp_from_february_2021_is_0_46_percent_with_jkk_and_jkm_recomposition():
    r = contribution_compute(period="2021-02", wage=D("6000000"), risk_group=2)
    assert jkp_total_rate(r) == D("0.0022") + D("0.0014") + D("0.0010") == D("0.0046")
    assert line(r, "JKP", "government").amount == D("5000000") * D("0.0022")
    moved = {a.source: a.amount for a in r.allocations if a.target == "JKP"}
    assert moved == {"JKK": D("5000000") * D("0.0014"), "JKM": D("5000000") * D("0.0010")}
    # The employer still pays the full PP 44/2015 JKK rate; the split is internal.
    assert line(r, "JKK", "employer").amount == D("6000000") * D("0.0054")
    kept = next(a for a in r.allocations if a.source == "JKK" and a.target == "JKK")
    assert kept.amount == D("6000000") * D("0.0054") - D("5000000") * D("0.0014")


def test_jkp_until_6_february_2025_still_0_46_percent():
    r = contribution_compute(period="2025-01", wage=D("6000000"), risk_group=2)
    assert jkp_total_rate(r) == D("0.0046")


def test_jkp_from_7_february_2025_is_0_36_percent_from_jkk_only():
    """PP 6/2025 took effect on 7 February 2025; the February 2025 month follows it (law on its last day)."""
    r = contribution_compute(period="2025-02", wage=D("6000000"), risk_group=2)
    assert jkp_total_rate(r) == D("0.0022") + D("0.0014") == D("0.0036")
    assert {a.source for a in r.allocations} == {"JKK"}
    assert line(r, "JKM", "employer").amount == D("6000000") * D("0.003")


def test_the_jkk_fund_keeps_the_remainder_so_the_split_adds_up():
    r = contribution_compute(period="2025-06", wage=D("4567891"), risk_group=1)
    jkk = line(r, "JKK", "employer").amount
    assert sum(a.amount for a in r.allocations if a.source == "JKK") == jkk


# PP 7/2025 (Feb–Jul 2025) extended by PP 36/2025 (Aug 2025–Jan 2026): 50 % JKK for padat-karya employers.
@pytest.mark.parametrize(("period", "applies", "regulation"), [
    ("2025-01", False, None), ("2025-02", True, "PP 7/2025"), ("2025-07", True, "PP 7/2025"),
    ("2025-08", True, "PP 36/2025"), ("2026-01", True, "PP 36/2025"), ("2026-02", False, None),
])
def test_padat_karya_relief_window(period, applies, regulation):
    r = contribution_compute(period=period, wage=D("5000000"), risk_group=4, relief="padat-karya", workers=120)
    jkk = line(r, "JKK", "employer")
    if applies:
        assert jkk.amount == D("5000000") * D("0.0127") * D("0.5")
        assert regulation in jkk.reference and r.relief == "padat-karya"
    else:
        assert jkk.amount == D("5000000") * D("0.0127")
        assert r.relief is None and r.warnings


def test_padat_karya_relief_needs_fifty_workers():
    r49 = contribution_compute(period="2025-04", wage=D("5000000"), risk_group=3, relief="padat-karya", workers=49)
    r50 = contribution_compute(period="2025-04", wage=D("5000000"), risk_group=3, relief="padat-karya", workers=50)
    assert line(r49, "JKK", "employer").amount == D("5000000") * D("0.0089")
    assert line(r50, "JKK", "employer").amount == D("5000000") * D("0.0089") * D("0.5")


def test_padat_karya_relief_only_for_the_six_industries():
    r = contribution_compute(period="2025-04", wage=D("5000000"), risk_group=3, relief="padat-karya",
                             workers=500, industry="mining")
    assert r.relief is None
    r = contribution_compute(period="2025-04", wage=D("5000000"), risk_group=3, relief="padat-karya",
                             workers=500, industry="footwear")
    assert r.relief == "padat-karya"


def test_padat_karya_rates_equal_the_table_of_pp_7_2025():
    table = rate_table(period="2025-05", relief="padat-karya").as_mapping()
    assert [table[("JKK", g, "employer")].rate for g in range(1, 6)] == [
        D("0.00120"), D("0.00270"), D("0.00445"), D("0.00635"), D("0.00870")]


# PP 49/2020: JKK and JKM 99 % relief and 99 % of JP deferred, contribution months Aug 2020–Jan 2021.
@pytest.mark.parametrize(("period", "applies"), [("2020-07", False), ("2020-08", True), ("2021-01", True),
                                                 ("2021-02", False)])
def test_covid_relief_window(period, applies):
    wage = D("8000000")
    r = contribution_compute(period=period, wage=wage, risk_group=1, relief="covid")
    if applies:
        assert line(r, "JKK", "employer").amount == round_rupiah(wage * D("0.0024") * D("0.01"))
        assert line(r, "JKM", "employer").amount == round_rupiah(wage * D("0.003") * D("0.01"))
        assert line(r, "JP", "employer").amount == round_rupiah(wage * D("0.02") * D("0.01"))
        deferred = {(d.programme, d.payer): d.amount for d in r.deferred}
        assert deferred[("JP", "employer")] == wage * D("0.02") * D("0.99")
        assert deferred[("JP", "worker")] == wage * D("0.01") * D("0.99")
        assert line(r, "JHT", "employer").amount == wage * D("0.037")  # JHT untouched
    else:
        assert line(r, "JKK", "employer").amount == wage * D("0.0024")
        assert not r.deferred


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"period": "2025/04"}, "2025/04"),
    ({"period": "2025-13"}, "2025-13"),
    ({"wage": "-1"}, "-1"),
    ({"wage": "abc"}, "abc"),
    ({"risk_group": 6}, "6"),
    ({"risk_group": 0}, "0"),
    ({"programmes": "JKK,XYZ"}, "XYZ"),
    ({"period": "2014-12"}, "2015-07-01"),
    ({"relief": "holiday"}, "holiday"),
    ({"relief": "padat-karya"}, "--workers"),
])
def test_bad_input_is_a_rules_error_with_a_clear_message(kwargs, fragment):
    args = {"period": "2025-04", "wage": "5000000", "risk_group": 3, **kwargs}
    with pytest.raises(RulesError) as info:
        contribution_compute(**args)
    assert fragment in str(info.value)


def test_floats_are_refused_for_money():
    with pytest.raises(RulesError):
        contribution_compute(period="2025-04", wage=5000000.0, risk_group=3)


def test_english_explanations():
    r = contribution_compute(period="2025-04", wage=D("5000000"), risk_group=3, lang="en")
    assert any("risk group 3" in step.description for step in r.trace)
    r_id = contribution_compute(period="2025-04", wage=D("5000000"), risk_group=3)
    assert any("kelompok risiko 3" in step.description for step in r_id.trace)
