"""The parameter files: shape, citations, labels, and the JP cap series re-derived from GDP growth."""

import ast
import string
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import pytest

from sinergi.rules import texts
from sinergi.rules.errors import ParameterFileError, RulesError
from sinergi.rules.params import CONFIDENCES, ParameterStore, load_parameters, require, value_at

RULES_DIR = Path(__file__).resolve().parents[2] / "sinergi" / "rules"


def test_every_parameter_loads_and_cites_a_regulation_with_a_confidence():
    store = load_parameters()
    assert len(store.names()) > 60
    for name in store.names():
        for pv in store.get(name).values:
            assert pv.reference.regulation.strip(), name
            assert pv.confidence in CONFIDENCES, name
            assert pv.note, name


def test_every_parameter_has_a_label_in_both_languages():
    for name in load_parameters().names():
        assert texts.label(name, "id") and texts.label(name, "en")


def test_every_message_has_both_languages_with_the_same_placeholders():
    formatter = string.Formatter()
    for key, (indonesian, english) in texts.MESSAGES.items():
        fields_id = {f for _, f, _, _ in formatter.parse(indonesian) if f}
        fields_en = {f for _, f, _, _ in formatter.parse(english) if f}
        assert fields_id == fields_en, key


def test_the_rules_package_never_imports_django():
    for path in RULES_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "django" or n.startswith("django.") for n in names), path


def test_jp_cap_series_follows_the_gdp_growth_formula():
    """PP 45/2015 Pasal 29: each cap = previous cap × (1 + growth), rounded down to hundreds."""
    values = load_parameters().get("pu/jp/wage_cap").values
    for previous, current in zip(values, values[1:], strict=False):
        growth = Decimal(str(current.extra["gdp_growth"]))
        derived = (previous.value * (1 + growth) / 100).to_integral_value(rounding=ROUND_FLOOR) * 100
        assert derived == current.value, current.start


def test_each_jp_cap_from_2016_starts_in_march():
    for pv in load_parameters().get("pu/jp/wage_cap").values[1:]:
        assert (pv.start.month, pv.start.day) == (3, 1)


def test_value_before_a_law_existed_is_an_error():
    with pytest.raises(RulesError) as info:
        value_at("pu/jkk/rate/group_1", date(2015, 6, 30))
    assert "2015-07-01" in str(info.value)


def test_a_repealed_value_is_none_and_require_refuses_it():
    assert value_at("pu/jkp/recomposition_from_jkm", date(2025, 2, 6)).value == Decimal("0.0010")
    assert value_at("pu/jkp/recomposition_from_jkm", date(2025, 2, 7)).value is None
    with pytest.raises(RulesError):
        require("pu/jkp/recomposition_from_jkm", date(2025, 2, 7))


def test_the_jp_denda_is_marked_low_confidence():
    assert value_at("penalties/late/jp", date(2025, 1, 31)).confidence == "R"


GOOD = """\
description: test
unit: rate
values:
  2020-01-01:
    value: 0.01
    reference: {regulation: PP 1/2020, article: Pasal 1}
    confidence: C1
    note: a note
"""


@pytest.mark.parametrize(("bad", "fragment"), [
    (GOOD.replace("confidence: C1", "confidence: C9"), "confidence"),
    (GOOD.replace("value: 0.01", "value: 1.5"), "outside"),
    (GOOD.replace("2020-01-01", "soon"), "dates"),
    (GOOD.replace("    note: a note\n", ""), "needs"),
    (GOOD.replace("unit: rate", "unit: furlongs"), "unit"),
    (GOOD.replace("reference: {regulation: PP 1/2020, article: Pasal 1}", "reference: PP 1/2020"), "reference"),
])
def test_malformed_parameter_files_are_rejected_with_the_file_named(tmp_path, bad, fragment):
    (tmp_path / "x.yaml").write_text(bad)
    with pytest.raises(ParameterFileError) as info:
        ParameterStore(tmp_path)
    assert "x.yaml" in str(info.value) and fragment in str(info.value)


def test_a_well_formed_file_loads(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text(GOOD)
    store = ParameterStore(tmp_path)
    assert store.value_at("a/x", date(2021, 1, 1)).value == Decimal("0.01")
    assert store.value_at("a/x", date(2021, 1, 1)).citation == "PP 1/2020 Pasal 1 [C1]"


def test_docs_list_every_parameter():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    missing = [name for name in load_parameters().names() if f"`{name}`" not in docs]
    assert not missing, f"docs/rules.md does not list {missing}"
