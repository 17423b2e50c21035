#!/usr/bin/env python3
"""Benchmark probable-duplicate detection (Splink, DuckDB) on the generator's planted duplicates.

The generator (``sinergi.rentan.imports.generator``, ``BENCH_MIX``) plants in a DTKS file of ``--rows`` rows: 1 % probable
duplicates (the same person again with one typing slip in the name, another NIK sequence, sometimes no KK) and
0.5 % twins (a different person born the same day in the same village and family, who must NOT be paired),
among people drawn with realistic name collisions. The file is read and parsed as the importer does; the rows
the importer would hand to Splink (those expected ``valid`` or ``review``) are linked, and the pairs found are
compared with the planted ones.

Prints rows, records linked, planted pairs, pairs found, precision, recall, twins paired by mistake, the
seconds of the linkage (``linkage_s``: Splink and its Parquet hand-over) and of reading the file, and the
baseline of the same run: an exact join on (birth date, village, normalised name), which is what one would
write without a matcher (its recall shows why fuzzy comparison is needed).

No database is used. Usage: python bench/rentan_linkage.py --rows 1000000 --json
"""

from __future__ import annotations

import sys

import polars as pl
from _harness import WORKDIR, bench_parser, figures_print, timed

from sinergi.rentan.imports import checks as C
from sinergi.rentan.imports.generator import BENCH_MIX, dtks_generate
from sinergi.rentan.imports.linkage import THRESHOLD, normalise_name, probable_duplicates
from sinergi.rentan.imports.services import stage
from sinergi.tables import table_read


def scores(found: set[tuple[int, int]], planted: set[tuple[int, int]]) -> tuple[float, float]:
    hits = len(found & planted)
    return (hits / len(found) if found else 1.0), (hits / len(planted) if planted else 1.0)


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--rows", type=int, default=90_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--region", default="64", help="region code the people live in (64 = Kalimantan Timur)")
    args = parser.parse_args()

    made = dtks_generate(path=WORKDIR / "dtks.csv", rows=args.rows, seed=args.seed, region_code=args.region,
                         mix=BENCH_MIX)

    def read_and_parse():
        staged, _, _ = stage(table_read(made.path).frame, first_row=2)
        frame = C.parse_text(staged)
        return C.nik_columns(frame, "raw:nik", today=made_today(), female_day_offset=40)

    read_s, frame = timed(read_and_parse)
    linkable = pl.Series([row for row, status in made.expected.items() if status in ("valid", "review")],
                         dtype=pl.Int64)
    records = frame.filter(pl.col("_row").is_in(linkable.implode())).select(
        pl.col("_row").alias("unique_id"), "nik", "name", "birth_date", "village_code", "sex", "no_kk")

    linkage_s, pairs = timed(lambda: probable_duplicates(records))
    found = set(pairs.select("id_l", "id_r").iter_rows())
    planted = set(made.probable_pairs)
    precision, recall = scores(found, planted)
    twins = set(made.twins)

    def exact_join():
        keyed = records.with_columns(normalise_name(pl.col("name")).alias("key"))
        return keyed.join(keyed, on=["birth_date", "village_code", "key"], suffix="_r").filter(
            pl.col("unique_id") < pl.col("unique_id_r")).filter(pl.col("nik") != pl.col("nik_r"))

    exact_s, exact = timed(exact_join)
    exact_precision, exact_recall = scores(set(exact.select("unique_id", "unique_id_r").iter_rows()), planted)

    return figures_print({
        "rows": args.rows,
        "records_linked": records.height,
        "planted_pairs": len(planted),
        "pairs_found": len(found),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "twins_paired": len(found & twins),
        "threshold": THRESHOLD,
        "linkage_s": round(linkage_s, 2),
        "read_and_parse_s": round(read_s, 2),
        "baseline_exact_join_s": round(exact_s, 2),
        "baseline_exact_join_precision": round(exact_precision, 4),
        "baseline_exact_join_recall": round(exact_recall, 4),
        "engine": "duckdb",
    }, args)


def made_today():
    from sinergi.clock import today

    return today()


if __name__ == "__main__":
    sys.exit(main())
