"""Sari registers the workers of Balikpapan employers from the files the employers send her."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.registry.import_parse import nik_surely_plausible
from sinergi.registry.imports import registry_import
from sinergi.registry.models import Worker
from sinergi.rules.nik import nik_check
from sinergi.rules.params import latest
from tests.registry.import_helpers import codes, csv_file, employer, employment, nik, worker, xlsx_file

HEADER = ["NIK", "KPJ", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "KODE_WILAYAH"]
SITI = nik(12, 6, 85, 1, female=True)
BUDI = nik(3, 11, 90, 2)
AGUS = nik(17, 8, 78, 3)


def test_workers_are_registered_with_birth_dates_written_every_way_and_sex_in_words(world, tmp_path):
    rows = [HEADER,
            [SITI, "12345678901", "Siti Rahmawati", "12 Juni 1985", "PEREMPUAN", "64.71.01"],
            [BUDI, "", "Budi Santoso", "03/11/1990", "L", "647101"],
            [AGUS, "12345678903", "Agus Salim", "1978-08-17", "Laki-laki", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="workers", actor=world.person("sari"))
    assert result.status == "applied", result.errors
    assert result.inserted == 3
    siti = Worker.objects.get(nik=SITI)
    assert (siti.kpj, siti.birth_date, siti.sex, siti.region_id) == ("12345678901", dt.date(1985, 6, 12), "F", "64.71.01")
    budi = Worker.objects.get(nik=BUDI)
    assert budi.kpj is None and budi.sex == "M" and budi.birth_date == dt.date(1990, 11, 3)
    assert Worker.objects.get(nik=AGUS).sex == "M"


def test_an_xlsx_where_excel_kept_the_nik_as_a_number_is_read_digit_for_digit(world, tmp_path):
    rows = [["Nik", "Nama Lengkap", "Tanggal Lahir", "JK"], [int(SITI), "Siti Rahmawati", dt.date(1985, 6, 12), "P"]]
    result = registry_import(path=xlsx_file(tmp_path, rows), kind="workers", actor=world.person("sari"))
    assert result.inserted == 1, result.errors
    assert Worker.objects.get(nik=SITI).birth_date == dt.date(1985, 6, 12)


def test_implausible_niks_are_refused_with_the_reason_from_the_rules(world, tmp_path):
    rows = [HEADER,
            ["6.47101E+15", "", "Rusak Excel", "", "", ""],
            ["647101120685", "", "Terlalu Pendek", "", "", ""],
            ["6471011213850001", "", "Bulan Tiga Belas", "", "", ""],
            [SITI, "123", "KPJ Pendek", "", "X", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="workers", actor=world.person("sari"))
    assert result.status == "rejected"
    assert {(2, "nik_tidak_valid"), (3, "nik_tidak_valid"), (4, "nik_tidak_valid"), (5, "kpj_tidak_valid"),
            (5, "jenis_kelamin_tidak_valid")} == codes(result)
    message = next(e.message for e in result.errors if e.row == 3)
    assert message.startswith("NIK '647101120685' tidak valid:") and "16" in message
    assert Worker.objects.count() == 0


def test_a_kpj_belongs_to_one_person_in_the_file_and_in_the_registry(world, tmp_path):
    worker(AGUS).__class__.objects.filter(nik=AGUS).update(kpj="99999999999")
    rows = [HEADER, [SITI, "11111111111", "Siti", "", "", ""], [BUDI, "11111111111", "Budi", "", "", ""],
            [nik(1, 1, 80, 9), "99999999999", "Orang Lain", "", "", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="workers", actor=world.person("sari"))
    assert codes(result) == {(2, "kpj_ganda"), (3, "kpj_ganda"), (4, "kpj_dipakai")}


def test_a_birth_date_in_the_future_is_refused(world, tmp_path):
    rows = [HEADER, [SITI, "", "Siti", "12/06/2099", "", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="workers", actor=world.person("sari"))
    assert codes(result) == {(2, "tanggal_di_masa_depan")}


def test_sari_cannot_rename_a_worker_employed_only_in_kupang(world, tmp_path):
    flores = employer("53000010", branch="bpjs-cabang-kupang")
    employment(worker(SITI, "Siti Rahmawati"), flores)
    worker(BUDI, "Budi")  # nobody employs Budi yet: Sari may correct him
    rows = [HEADER, [SITI, "", "Siti Diganti", "", "", ""], [BUDI, "", "Budi Santoso", "", "", ""]]
    result = registry_import(path=csv_file(tmp_path, rows), kind="workers", actor=world.person("sari"),
                             accept_valid=True)
    assert codes(result) == {(2, "nik_di_luar_cakupan")}
    assert Worker.objects.get(nik=SITI).name == "Siti Rahmawati"
    assert Worker.objects.get(nik=BUDI).name == "Budi Santoso"


def test_re_importing_unchanged_workers_of_another_branch_is_harmless(world, tmp_path):
    employment(worker(SITI, "Siti Rahmawati"), employer("53000011", branch="bpjs-cabang-kupang"))
    result = registry_import(path=csv_file(tmp_path, [HEADER, [SITI, "", "Siti Rahmawati", "", "", ""]]),
                             kind="workers", actor=world.person("sari"))
    assert (result.status, result.unchanged) == ("applied", 1)


TODAY = dt.date(2025, 6, 30)
NIK_PARTS = st.tuples(st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
                      st.integers(0, 19), st.integers(0, 99), st.integers(0, 10))


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(NIK_PARTS, min_size=1, max_size=50), noise=st.lists(st.text(max_size=20), max_size=10))
def test_the_set_wise_nik_shortcut_never_vouches_for_a_nik_the_rules_refuse(parts, noise):
    values = [f"{p:02d}{r:02d}{d:02d}{dd:02d}{mm:02d}{yy:02d}{seq:04d}" for p, r, d, dd, mm, yy, seq in parts] + noise
    offset = latest("identifiers/nik/female_day_offset").value
    sure = pl.select(nik_surely_plausible(pl.Series(values, dtype=pl.String), today=TODAY,
                                          female_day_offset=offset)).to_series().to_list()
    for value, vouched in zip(values, sure, strict=True):
        if vouched:
            assert nik_check(value, today=TODAY).valid, value
