"""JKP completed: eligibility from the months actually paid, excluded reasons, the override of the C3
consecutive-months change, the PP 6/2025 maximum, and the non-cash services as data."""

from datetime import date
from decimal import Decimal

import pytest

from sinergi.rules import RulesError, jkp_benefit
from sinergi.rules.benefits import jkp_contribution_record, jkp_services
from sinergi.rules.periods import Period

D = Decimal


def months(first, count):
    start = Period.parse(first)
    return [str(start.shift(i)) for i in range(count)]


def test_the_pp_6_2025_maximum_is_3_juta_a_month_18_juta_in_all():
    r = jkp_benefit(wage=D("12000000"), phk_date=date(2025, 6, 1))
    assert {m.amount for m in r.schedule} == {D("5000000") * D("0.60")} == {D("3000000")}
    assert r.total == 6 * D("3000000") == D("18000000")
    assert [ln.amount for ln in r.lines] == [m.amount for m in r.schedule]


def test_the_pp_37_2021_maximum_was_10_5_juta():
    assert jkp_benefit(wage=D("12000000"), phk_date=date(2025, 2, 6)).total == D("10500000")


def test_joko_paid_14_months_in_a_row_before_his_phk():
    record = jkp_contribution_record(phk_date=date(2025, 6, 15), paid_periods=months("2024-05", 14))
    assert (record.contribution_months, record.consecutive_months) == (14, 14)
    assert (str(record.window_first), str(record.window_last)) == ("2023-07", "2025-06")


def test_months_outside_the_24_month_window_do_not_count():
    record = jkp_contribution_record(phk_date=date(2025, 6, 15), paid_periods=months("2022-01", 18))  # to 2023-06
    assert record.contribution_months == 0 and record.consecutive_months == 0


def test_an_unpaid_phk_month_the_run_counts_from_the_month_before():
    record = jkp_contribution_record(phk_date=date(2025, 6, 15), paid_periods=months("2024-12", 6))
    assert record.consecutive_months == 6  # December 2024 … May 2025


def test_a_gap_breaks_the_run_but_not_the_count():
    paid = months("2023-07", 10) + months("2025-03", 4)  # gap in between
    record = jkp_contribution_record(phk_date=date(2025, 6, 1), paid_periods=paid)
    assert (record.contribution_months, record.consecutive_months) == (14, 4)


def test_the_history_decides_eligibility_under_pp_37_2021_but_not_pp_6_2025():
    paid = months("2022-07", 10) + months("2024-03", 4)
    old = jkp_benefit(wage=D("5000000"), phk_date=date(2024, 6, 1), paid_periods=paid)
    assert (old.contribution_months, old.consecutive_months) == (14, 4)
    assert not old.eligible and old.reason_codes == ("too_few_consecutive",)
    paid_new = months("2023-07", 10) + months("2025-03", 4)
    new = jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), paid_periods=paid_new)
    assert new.eligible


def test_the_consecutive_condition_can_be_kept_after_pp_6_2025_by_configuration():
    paid = months("2023-07", 10) + months("2025-03", 4)
    r = jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), paid_periods=paid, min_consecutive_override=6)
    assert not r.eligible and "too_few_consecutive" in r.reason_codes
    dropped = jkp_benefit(wage=D("5000000"), phk_date=date(2024, 6, 1), contribution_months=14,
                          consecutive_months=1, min_consecutive_override=0)
    assert dropped.eligible


def test_11_months_paid_is_too_few_12_is_enough():
    assert not jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), paid_periods=months("2024-07", 11)).eligible
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), paid_periods=months("2024-07", 12)).eligible


@pytest.mark.parametrize("reason", ["resignation", "total_permanent_disability", "retirement", "death",
                                    "pkwt_end"])
def test_excluded_reasons_give_no_jkp(reason):
    r = jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), phk_reason=reason, lang="en")
    assert not r.eligible and r.reason_codes == ("excluded_reason",) and r.total == 0
    assert any("Pasal 20" in a for a in r.assumptions)  # the amended list is C3


def test_a_dismissal_is_not_excluded():
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), phk_reason="dismissal").eligible


def test_the_services_are_data_with_the_training_value_of_the_regime():
    old = {s.code: s for s in jkp_services(on=date(2025, 2, 6))}
    new = {s.code: s for s in jkp_services(on=date(2025, 2, 7))}
    assert set(new) == {"labour_market_information", "job_counselling", "job_training"}
    assert old["job_training"].amount == D("1000000") and new["job_training"].amount == D("2400000")
    assert all(not s.in_total for s in new.values())
    assert "Permenaker 2/2025" in new["job_training"].reference
    assert jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1)).services == tuple(new.values())


def test_the_record_and_the_counts_cannot_both_be_given():
    with pytest.raises(RulesError):
        jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), contribution_months=12, paid_periods=[])


@pytest.mark.parametrize(("age", "eligible"), [(53, True), (54, False)])
def test_a_participant_registered_at_54_or_older_gets_no_jkp(age, eligible):
    r = jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), age_at_registration=age, citizen=True)
    assert r.eligible is eligible
    assert ("registered_too_old" in r.reason_codes) is not eligible


def test_a_non_citizen_gets_no_jkp():
    r = jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), citizen=False)
    assert not r.eligible and r.reason_codes == ("not_citizen",)


def test_a_configured_condition_is_cited_as_configuration_not_as_law():
    r = jkp_benefit(wage=D("5000000"), phk_date=date(2025, 6, 1), contribution_months=12, consecutive_months=6,
                    min_consecutive_override=6, lang="en")
    step = next(s for s in r.trace if s.parameter == "benefits/jkp/min_consecutive_months")
    assert step.reference.startswith("Setting of this computation")
