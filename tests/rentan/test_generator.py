"""The DTKS generator writes the same file for the same seed, with the mistakes it says it planted."""

from __future__ import annotations

from collections import Counter

import polars as pl

from sinergi.rentan.imports.generator import DEMO_MIX, HEADER, Mix, dtks_generate
from sinergi.tables import table_read


def test_the_same_seed_writes_the_same_file_and_another_seed_another(tmp_path):
    one = dtks_generate(path=tmp_path / "a.csv", rows=500, seed=3)
    two = dtks_generate(path=tmp_path / "b.csv", rows=500, seed=3)
    three = dtks_generate(path=tmp_path / "c.csv", rows=500, seed=4)
    assert one.path.read_bytes() == two.path.read_bytes() != three.path.read_bytes()
    assert one.expected == two.expected and one.probable_pairs == two.probable_pairs


def test_the_demo_mix_aims_ninety_thousand_rows_at_about_sixty_thousand_valid(tmp_path):
    registered = [f"640201120685{n:04d}" for n in range(1, 3001)]
    made = dtks_generate(path=tmp_path / "dtks.csv", rows=9000, seed=2025, mix=DEMO_MIX, registered=registered)
    counts = Counter(made.expected.values())
    assert 5800 <= counts["valid"] <= 6200 and sum(counts.values()) == 9000
    assert counts["already_participant"] == round(9000 * DEMO_MIX.registered)


def test_every_planted_problem_is_recorded_with_its_rows(tmp_path):
    made = dtks_generate(path=tmp_path / "dtks.csv", rows=2000, seed=5, mix=Mix(), registered=["6402011206850001"])
    assert len(made.planted["excel_damaged"]) == 30 and len(made.planted["registered"]) == 1
    assert len(made.probable_pairs) == len(made.planted["probable_duplicates"]) == 20
    assert all(first < later for first, later in made.probable_pairs)
    frame = table_read(made.path).frame
    assert frame.columns == HEADER and frame.height == 2000
    later = {row for _, row in made.probable_pairs}
    assert all(made.expected[row] == "review" for row in later)
    villages = frame.get_column("KODE_DESA").str.replace_all(r"\.", "")
    valid_rows = [r - 2 for r, status in made.expected.items() if status == "valid"]
    assert villages.gather(valid_rows).str.starts_with("6402").all()


def test_an_xlsx_file_opens_with_the_dtks_columns(tmp_path):
    made = dtks_generate(path=tmp_path / "dtks.xlsx", rows=200, seed=1, fmt="xlsx")
    table = table_read(made.path)
    assert table.format == "xlsx" and table.frame.columns == HEADER and table.frame.height == 200
    assert table.frame.get_column("NIK").str.len_chars().max() <= 16
    assert pl.Series(table.frame.get_column("NAMA")).null_count() <= 10
