"""Collectibility (both schemes) and PUPN handover eligibility."""

from datetime import date
from decimal import Decimal

import pytest

from sinergi.rules import RulesError, collectibility_classify, pupn_eligibility

ON = date(2026, 11, 1)


@pytest.mark.parametrize(("months", "klass"), [(0, "lancar"), (2, "lancar"), (3, "kurang_lancar"),
                                               (6, "kurang_lancar"), (7, "diragukan"), (9, "diragukan"),
                                               (10, "macet"), (40, "macet")])
def test_months_scheme(months, klass):
    assert collectibility_classify(months_overdue=months, scheme="months", on=ON).klass == klass


def test_months_thresholds_are_a_deployment_setting():
    result = collectibility_classify(months_overdue=7, on=ON, thresholds={
        "lancar_max_months": 3, "kurang_lancar_max_months": 6, "diragukan_max_months": 6})
    assert result.klass == "macet"


@pytest.mark.parametrize(("letters", "klass"), [(0, "lancar"), (1, "kurang_lancar"), (2, "diragukan"),
                                                (3, "macet"), (4, "macet")])
def test_letters_scheme_pmk_69_2014(letters, klass):
    result = collectibility_classify(letters=letters, scheme="letters", on=ON)
    assert result.klass == klass and "PMK 69" in result.reference


def test_default_scheme_is_months_and_handover_means_macet():
    assert collectibility_classify(months_overdue=1, on=ON).scheme == "months"
    assert collectibility_classify(months_overdue=1, handed_to_pupn=True, on=ON).klass == "macet"


def test_missing_or_negative_input():
    with pytest.raises(RulesError):
        collectibility_classify(scheme="letters", on=ON)
    with pytest.raises(RulesError):
        collectibility_classify(months_overdue=-1, on=ON)


@pytest.mark.parametrize(("amount", "eligible"), [("7999999", False), ("8000000", True)])
def test_pupn_minimum_amount_pmk_52_2024(amount, eligible):
    result = pupn_eligibility(collectibility="macet", amount=Decimal(amount), on=ON)
    assert result.eligible is eligible
    assert ("below_minimum" in result.reason_codes) is not eligible


def test_pupn_other_criteria():
    result = pupn_eligibility(collectibility="diragukan", amount=Decimal("9000000"), documents_complete=False,
                              handled_by_aph=True, on=ON)
    assert not result.eligible
    assert result.reason_codes == ("not_macet", "documents_incomplete", "handled_by_aph")
    assert len(result.reasons) == 3


def test_pupn_accepts_spelling_variants_of_the_class():
    assert pupn_eligibility(collectibility="Kurang Lancar", amount=Decimal("1"), on=ON).collectibility == \
        "kurang_lancar"
