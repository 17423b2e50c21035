"""Splink finds the people Dinsos wrote twice without the same NIK, and leaves twins alone."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from sinergi.rentan.imports.generator import Mix, dtks_generate
from sinergi.rentan.imports.linkage import PAIR_SCHEMA, THRESHOLD, probable_duplicates
from sinergi.rentan.imports.services import rentan_import
from sinergi.rentan.models import Candidate, DuplicatePair
from tests.world import person as user

BORN = dt.date(1985, 6, 12)


def records(*people) -> pl.DataFrame:
    return pl.DataFrame([
        {"unique_id": n, "nik": nik, "name": name, "birth_date": born, "village_code": village, "sex": sex,
         "no_kk": kk} for n, (nik, name, born, village, sex, kk) in enumerate(people, start=1)
    ], schema={"unique_id": pl.Int64, "nik": pl.String, "name": pl.String, "birth_date": pl.Date,
               "village_code": pl.String, "sex": pl.String, "no_kk": pl.String})


def test_a_typo_in_the_name_with_another_nik_sequence_is_a_probable_duplicate():
    pairs = probable_duplicates(records(
        ("6402011206850001", "Siti Nur Rahmawati", BORN, "64.02.01.2001", "F", "6402011001200001"),
        ("6402011206850002", "Siti Nur Rahmawti", BORN, "64.02.01.2001", "F", None),
    ))
    assert pairs.height == 1 and pairs.row(0)[:2] == (1, 2) and pairs.item(0, "probability") >= THRESHOLD


def test_twins_of_one_family_born_the_same_day_are_not_duplicates():
    pairs = probable_duplicates(records(
        ("6402011206850001", "Hasan Basri", BORN, "64.02.01.2001", "M", "6402011001200001"),
        ("6402011206850002", "Husin Basri", BORN, "64.02.01.2001", "M", "6402011001200001"),
        ("6402015206850003", "Aisyah Basri", BORN, "64.02.01.2001", "F", "6402011001200001"),
    ))
    assert pairs.is_empty()


def test_same_name_in_another_village_or_born_another_day_is_never_compared():
    pairs = probable_duplicates(records(
        ("6402011206850001", "Rahmat Hidayat", BORN, "64.02.01.2001", "M", None),
        ("6402011206850002", "Rahmat Hidayat", BORN, "64.02.01.2002", "M", None),
        ("6402011306850001", "Rahmat Hidayat", BORN + dt.timedelta(days=1), "64.02.01.2001", "M", None),
    ))
    assert pairs.is_empty()


def test_an_exact_nik_match_is_left_to_the_sql_joins():
    same = ("6402011206850001", "Rahmat Hidayat", BORN, "64.02.01.2001", "M", None)
    assert probable_duplicates(records(same, same)).is_empty()


def test_the_engine_is_a_parameter():
    class Recording:
        def __init__(self):
            self.seen = None

        def pairs(self, path, threshold):
            self.seen = pl.read_parquet(path)
            return pl.DataFrame({"id_l": [2], "id_r": [1], "probability": [0.99]}, schema=PAIR_SCHEMA)

    engine = Recording()
    pairs = probable_duplicates(records(
        ("6402011206850001", "RAHMAT  Hidayat,", BORN, "64.02.01.2001", "M", None),
        ("6402011206850002", "Rahmat Hidayat", BORN, "64.02.01.2001", "M", None),
    ), engine=engine)
    assert engine.seen.get_column("name").to_list() == ["rahmat hidayat", "rahmat hidayat"]
    assert engine.seen.get_column("birth_date").to_list() == ["1985-06-12"] * 2
    assert pairs.row(0) == (1, 2, 0.99)


@pytest.mark.django_db
def test_the_import_finds_every_planted_probable_duplicate_and_no_twin(programme, tmp_path):
    made = dtks_generate(path=tmp_path / "dtks.csv", rows=3000, seed=11,
                         mix=Mix(probable_duplicates=0.02, twins=0.02))
    batch = rentan_import(programme=programme, path=made.path, file_name="dtks.csv", actor=user("fitri"))
    found = {(p.other.row_number, p.candidate.row_number)
             for p in DuplicatePair.objects.filter(candidate__batch=batch).select_related("candidate", "other")}
    assert found == set(made.probable_pairs) and len(found) >= 50
    twins = {row for pair in made.twins for row in pair}
    assert not Candidate.objects.filter(batch=batch, row_number__in=twins, status="review").exists()
