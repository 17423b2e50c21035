"""Kode iuran: the documented layout, the Damm check digit, and uniqueness per programme × month × line."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sinergi.rentan.payments.codes import code_build, code_is_valid, code_parse, damm_digit, region_digits

bodies = st.text(alphabet="0123456789", min_size=11, max_size=11)


def test_the_kukar_code_reads_region_month_line_sequence_and_check():
    code = code_build(region_code="64.02", period=date(2026, 3, 1), line_number=2, sequence=1)
    assert len(code) == 12 and code.isdigit()
    assert code[:11] == "6402" "2603" "2" "01"
    assert code[11] == damm_digit(code[:11])
    parts = code_parse(code)
    assert (parts.region, parts.period, parts.line, parts.sequence) == ("6402", date(2026, 3, 1), 2, 1)


def test_a_province_wide_programme_uses_regency_00():
    assert region_digits("64") == "6400"
    assert region_digits("64.02.07.2001") == "6402"


@pytest.mark.parametrize("bad", ["", "12345678901", "1234567890123", "64022603201a", " 640226032014", None])
def test_malformed_codes_are_rejected(bad):
    assert not code_is_valid(bad)
    assert code_parse(bad or "") is None


def test_the_builder_refuses_what_the_layout_cannot_hold():
    with pytest.raises(ValidationError):
        code_build(region_code="64.02", period=date(2026, 3, 1), line_number=10, sequence=1)
    with pytest.raises(ValidationError):
        code_build(region_code="64.02", period=date(2026, 3, 1), line_number=1, sequence=100)


@given(bodies)
def test_every_built_code_validates(body):
    assert code_is_valid(body + damm_digit(body))


@given(bodies, st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=9))
def test_any_single_digit_error_is_caught(body, position, shift):
    code = body + damm_digit(body)
    wrong = str((int(code[position]) + shift) % 10)
    assert not code_is_valid(code[:position] + wrong + code[position + 1:])


@given(bodies, st.integers(min_value=0, max_value=10))
def test_any_adjacent_transposition_is_caught(body, position):
    code = body + damm_digit(body)
    a, b = code[position], code[position + 1]
    if a == b:
        return  # swapping equal digits changes nothing
    swapped = code[:position] + b + a + code[position + 2:]
    assert not code_is_valid(swapped)


@given(st.sampled_from(["64.02", "64.03", "53.71", "64"]), st.integers(2024, 2030), st.integers(1, 12),
       st.integers(1, 9), st.integers(1, 99))
def test_different_obligations_never_share_a_code(region, year, month, line, sequence):
    code = code_build(region_code=region, period=date(year, month, 1), line_number=line, sequence=sequence)
    parts = code_parse(code)
    assert (parts.period, parts.line, parts.sequence) == (date(year, month, 1), line, sequence)
    assert parts.region == region_digits(region)
