"""Probable duplicates among DTKS rows: the same person written twice without the same NIK (a typo in the name,
a mistyped NIK sequence), found by Splink.

    pairs = probable_duplicates(records)            # DuckDB on this machine
    pairs = probable_duplicates(records, engine=e)  # any Splink backend, see ``Engine``

Model (docs/decisions/0010-splink-linkage.md):

- **Blocking** on birth date *and* village: only people born on the same day in the same village are
  compared, which is what a probable duplicate in a DTKS list looks like and keeps a million rows to a few
  hundred thousand comparisons.
- **Comparisons** with *fixed* m and u probabilities (no EM training): the result is deterministic, needs
  no labelled data and does not change when a file is small. Name (exact, one typing slip — Damerau-
  Levenshtein ≤ 1 —, Jaro-Winkler ≥ 0.92 on the normalised name),
  NIK (exact, Levenshtein ≤ 2, other), sex and KK number. The values below are the share of true
  duplicates (m) and of distinct people born the same day in the same village (u) at each level.
- A pair whose **match probability** is at least ``THRESHOLD`` is a probable duplicate. Pairs with the same
  NIK are left out: exact NIK matches are the importer's SQL joins, not a probability.

The engine is a parameter, as DESIGN.md asks of batch steps: ``Engine`` builds a Splink database API and
registers the records; ``DuckDBEngine`` is the one-machine engine. A Spark engine (Splink's ``SparkAPI``,
records as a Spark DataFrame read from the same Parquet file) plugs in the same way for a national DTSEN.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

import polars as pl

# Match probability from which a pair is shown to a reviewer. Not a legal number: a matcher setting, chosen on
# the generator's planted duplicates (bench/rentan_linkage.py: precision and recall ≥ 0.98).
THRESHOLD = 0.8
# Prior: the chance that two rows picked at random are the same person. Fixed rather than estimated so that a
# small file and a large one are judged alike.
PRIOR = 0.01
# New rows' unique ids are this plus their file row; earlier candidates keep their database id (always lower),
# so "the later row" of a pair is the one with the higher id.
NEW_ROW_BASE = 10**12

PAIR_SCHEMA = {"id_l": pl.Int64, "id_r": pl.Int64, "probability": pl.Float64}


def _settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def levels(column: str, *spec):
        return cl.CustomComparison(output_column_name=column, comparison_levels=[
            cll.NullLevel(column), *[level.configure(m_probability=m, u_probability=u) for level, m, u in spec]])

    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[block_on("birth_date", "village_code")],
        comparisons=[
            levels("name",
                   (cll.ExactMatchLevel("name"), 0.55, 0.0005),
                   (cll.DamerauLevenshteinLevel("name", 1), 0.30, 0.001),
                   (cll.JaroWinklerLevel("name", 0.92), 0.10, 0.02),
                   (cll.ElseLevel(), 0.05, 0.9785)),
            levels("nik",
                   (cll.ExactMatchLevel("nik"), 0.50, 0.0001),
                   (cll.LevenshteinLevel("nik", 2), 0.35, 0.15),
                   (cll.ElseLevel(), 0.15, 0.8499)),
            levels("sex",
                   (cll.ExactMatchLevel("sex"), 0.97, 0.5),
                   (cll.ElseLevel(), 0.03, 0.5)),
            levels("no_kk",
                   (cll.ExactMatchLevel("no_kk"), 0.85, 0.1),
                   (cll.ElseLevel(), 0.15, 0.9)),
        ],
        probability_two_random_records_match=PRIOR,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
    )


class Engine(Protocol):
    """A place where Splink runs: ``pairs`` links the records in the Parquet file at ``path``."""

    def pairs(self, path: Path, threshold: float) -> pl.DataFrame: ...


class DuckDBEngine:
    """Splink on an in-process DuckDB (one machine). ``threads`` defaults to the CPUs available."""

    def __init__(self, threads: int | None = None, memory_limit: str | None = None):
        self.threads = threads or max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                      else os.cpu_count() or 1)
        self.memory_limit = memory_limit

    def pairs(self, path: Path, threshold: float) -> pl.DataFrame:
        import duckdb
        from splink import DuckDBAPI, Linker

        con = duckdb.connect()
        try:
            con.execute(f"SET threads TO {int(self.threads)}")
            if self.memory_limit:
                con.execute(f"SET memory_limit = '{self.memory_limit}'")
            con.execute("CREATE TABLE dtks_records AS SELECT * FROM read_parquet(?)", [path.as_posix()])
            # Without set_up_basic_logging=False Splink configures the root logger and prints its timings
            # at INFO between the demo's and the CLI's own lines.
            linker = Linker("dtks_records", _settings(), db_api=DuckDBAPI(connection=con),
                            set_up_basic_logging=False)
            predicted = linker.inference.predict(threshold_match_probability=threshold)
            rows = con.execute(
                f"SELECT unique_id_l, unique_id_r, match_probability FROM {predicted.physical_name} "  # noqa: S608
                "WHERE nik_l IS NULL OR nik_r IS NULL OR nik_l <> nik_r").fetchall()
        finally:
            con.close()
        return pl.DataFrame(rows, schema=list(PAIR_SCHEMA), orient="row").cast(PAIR_SCHEMA)


def normalise_name(expr: pl.Expr) -> pl.Expr:
    """Lower case letters and single spaces: "SITI  Rahmawati," and "siti rahmawati" compare equal."""
    return expr.str.to_lowercase().str.replace_all(r"[^a-z ]", " ").str.replace_all(r" +", " ").str.strip_chars()


def probable_duplicates(records: pl.DataFrame, *, engine: Engine | None = None,
                        threshold: float = THRESHOLD) -> pl.DataFrame:
    """Pairs (``id_l`` < ``id_r``, ``probability``) of probable duplicates among ``records``, which has
    ``unique_id`` (Int64), ``nik``, ``name``, ``birth_date`` (Date), ``village_code``, ``sex``, ``no_kk``.
    Rows without a birth date or a village are never compared (they cannot be blocked)."""
    frame = records.select(
        pl.col("unique_id").cast(pl.Int64),
        pl.col("nik").cast(pl.String).replace("", None),
        normalise_name(pl.col("name").cast(pl.String)).replace("", None).alias("name"),
        pl.col("birth_date").cast(pl.Date).dt.strftime("%Y-%m-%d").alias("birth_date"),
        pl.col("village_code").cast(pl.String).replace("", None),
        pl.col("sex").cast(pl.String).replace("", None),
        pl.col("no_kk").cast(pl.String).replace("", None),
    ).filter(pl.col("birth_date").is_not_null() & pl.col("village_code").is_not_null())
    # Only rows that share a block with another row can pair; the rest need not reach the engine.
    frame = frame.filter(pl.len().over("birth_date", "village_code") > 1)
    if frame.height < 2:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    workdir = Path(tempfile.mkdtemp(prefix="sinergi-linkage-"))
    try:
        path = workdir / "records.parquet"
        frame.write_parquet(path)
        pairs = (engine or DuckDBEngine()).pairs(path, threshold)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return pairs.with_columns(pl.min_horizontal("id_l", "id_r").alias("id_l"),
                              pl.max_horizontal("id_l", "id_r").alias("id_r")).sort("id_l", "id_r")
