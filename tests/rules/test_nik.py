"""NIK structure: women and men, invalid dates, 0000 sequences, spreadsheet damage, region names."""

from datetime import date

import pytest

from sinergi.rules import nik_check

TODAY = date(2026, 11, 22)


def check(value):
    return nik_check(value, today=TODAY)


def codes(issues):
    return [i.code for i in issues]


def test_a_woman_from_sebulu_kutai_kartanegara():
    r = check("6402074512900001")
    assert r.valid and r.sex == "F" and r.birth_date == date(1990, 12, 5)
    assert (r.province_code, r.regency_code, r.district_code) == ("64", "64.02", "64.02.07")
    assert r.region_name == "Sebulu, Kabupaten Kutai Kartanegara, Kalimantan Timur"


def test_a_man_from_cibinong_bogor():
    r = check("3201010101900001")
    assert r.valid and r.sex == "M" and r.birth_date == date(1990, 1, 1)


@pytest.mark.parametrize(("nik", "expected"), [
    ("3201010105050001", date(2005, 5, 1)),   # 2005, not 1905: the latest century not in the future
    ("3201010112260001", date(1926, 12, 1)),  # December 2026 would be in the future
    ("3201012902000001", date(2000, 2, 29)),  # 29 Feb 1900 does not exist
])
def test_century_is_chosen_so_the_person_is_not_born_in_the_future(nik, expected):
    assert check(nik).birth_date == expected


@pytest.mark.parametrize(("nik", "code"), [
    ("3201013201900001", "day"),          # day 32
    ("3201017201900001", "day"),          # day 72 (women 41-71)
    ("3201010113900001", "month"),        # month 13
    ("3201013102900001", "invalid_date"), # 31 February
    ("3201017102900001", "invalid_date"), # a woman born 31 February
    ("3201010101900000", "sequence_zero"),
    ("3200010101900001", "regency_zero"),
    ("3201000101900001", "district_zero"),
    ("32010101019000", "length"),
    ("32O1010101900001", "not_digits"),
])
def test_invalid(nik, code):
    r = check(nik)
    assert not r.valid and code in codes(r.errors)


def test_future_birth_date_when_no_century_fits():
    r = nik_check("3201012902000001", today=date(1999, 1, 1))
    assert not r.valid and "future_date" in codes(r.errors)


def test_excel_scientific_notation():
    r = check("6.40207E+15")
    assert not r.valid and codes(r.errors) == ["excel_scientific"]


def test_excel_rounding_replaces_the_last_digits_with_zeros():
    r = check("6402074512900000")
    assert not r.valid and "sequence_zero" in codes(r.errors) and "excel_rounded" in codes(r.warnings)


def test_excel_lost_digit_and_float_suffix():
    r = check("640207451290000")
    assert not r.valid and "excel_lost_digit" in codes(r.warnings)
    r = check("6402074512900001.0")
    assert r.valid and "float_suffix" in codes(r.warnings)


def test_separators_and_a_leading_apostrophe_are_ignored():
    assert check("64.0207 451290 0001").valid
    assert check("'6402074512900001").valid


def test_unknown_codes_warn_but_do_not_reject():
    r = check("6499074512900001")  # no regency 64.99
    assert r.valid and "unknown_regency" in codes(r.warnings)
    r = check("9901014512900001")  # no province 99
    assert r.valid and "unknown_province" in codes(r.warnings)
    r = check("6402994512900001")  # no district 64.02.99
    assert r.valid and "unknown_district" in codes(r.warnings)


def test_messages_in_english():
    r = nik_check("3201010101900000", today=TODAY, lang="en")
    assert r.errors[0].message == "Sequence number 0000 is invalid."
