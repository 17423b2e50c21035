"""Coverage rules: the active definition, the denominator exclusions, the two percentages and Jakon."""

from datetime import date
from decimal import Decimal

import pytest

from sinergi.rules.coverage import (
    active_definition,
    coverage_ratio,
    denominator_exclusions,
    growth,
    jakon_contribution,
)
from sinergi.rules.errors import RulesError

MAY_2025 = date(2025, 5, 1)


def test_the_default_definition_is_billed_and_says_where_it_comes_from():
    definition = active_definition(on=MAY_2025)
    assert definition.code == "billed" and definition.default
    assert "[C3]" in definition.citation


def test_a_kanwil_may_choose_paid_and_the_choice_is_not_the_default():
    definition = active_definition(on=MAY_2025, choice="paid")
    assert definition.code == "paid" and not definition.default
    assert definition.label == "tertagih dan lunas"


def test_an_unknown_definition_is_refused_not_replaced():
    with pytest.raises(RulesError, match="lunas-sebagian"):
        active_definition(on=MAY_2025, choice="lunas-sebagian")


def test_asn_tni_polri_are_excluded_by_default_and_an_override_is_named():
    assert denominator_exclusions(on=MAY_2025).categories == ("asn_tni_polri",)
    chosen = denominator_exclusions(on=MAY_2025, override=())
    assert chosen.categories == () and chosen.citation.startswith("pilihan pengguna")


def test_ntt_may_2025_reads_32_27_percent():
    assert coverage_ratio(participants=541_067, potential=1_676_573) == Decimal("32.27")


def test_kaltim_november_2022_grew_14_1_percent_not_the_7_of_the_article():
    assert growth(current=935_910, previous=820_290) == Decimal("14.1")


def test_no_potential_gives_no_ratio_and_no_base_gives_no_growth():
    assert coverage_ratio(participants=5, potential=0) is None
    assert growth(current=5, previous=0) is None


def test_a_contract_in_the_first_bracket_pays_0_21_percent():
    result = jakon_contribution(contract_value=Decimal(80_000_000), on=date(2025, 3, 1))
    assert result.amount == Decimal(80_000_000) * Decimal("0.0021")
    assert len(result.lines) == 1 and result.confidence == "R"


def test_a_contract_of_750_juta_is_charged_bracket_by_bracket():
    result = jakon_contribution(contract_value=Decimal(750_000_000), on=date(2025, 3, 1))
    expected = (Decimal(100_000_000) * Decimal("0.0021") + Decimal(400_000_000) * Decimal("0.0017")
                + Decimal(250_000_000) * Decimal("0.0013"))
    assert result.amount == expected
    assert [line.base for line in result.lines] == [100_000_000, 400_000_000, 250_000_000]
    assert result.amount == sum(line.amount for line in result.lines)
    assert "Permenaker 44/2015" in result.explanation[-1]
    assert result.explanation[0].startswith("Rp 0 s.d. Rp 100.000.000: Rp 100.000.000 × 0,21%")


def test_a_contract_above_10_miliar_reaches_the_open_bracket():
    value = Decimal(12_345_678_901)
    result = jakon_contribution(contract_value=value, on=date(2025, 3, 1))
    assert result.lines[-1].upper is None
    assert result.lines[-1].base == value - 10_000_000_000
    assert result.amount == sum(line.amount for line in result.lines)


def test_a_contract_on_a_bracket_boundary_has_no_empty_line():
    result = jakon_contribution(contract_value=Decimal(500_000_000), on=date(2025, 3, 1))
    assert len(result.lines) == 2


def test_a_negative_or_float_contract_value_is_refused():
    with pytest.raises(RulesError):
        jakon_contribution(contract_value=Decimal(-1), on=date(2025, 3, 1))
    with pytest.raises(RulesError):
        jakon_contribution(contract_value=1.5e8, on=date(2025, 3, 1))
