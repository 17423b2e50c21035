"""The row checks of a DTKS file, as polars expressions over whole columns, and their reason codes.

One set of checks serves the import (``imports.rentan_import``) and the re-validation of corrected rows
(``revalidate_candidates``): the same rule gives the same code in both places. A row's reasons are
comma-joined stable codes (``REASONS``); any reason makes the row ``invalid``.

The NIK is checked here as a set: ``nik_columns`` is ``sinergi.rules.nik.nik_check`` written as polars
expressions (the same cleaning, the same errors; a test holds that both agree on a sample), so a file of a
million rows never calls Python per row. ``nik_check``'s "Excel damage" signs (scientific notation, a
sequence rounded to 0000, a digit lost to Excel's 15 significant digits) become ``nik_excel_damaged``, the
other structural errors ``nik_format``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext_lazy as _

from sinergi.clock import today as local_today
from sinergi.registry import import_parse as P
from sinergi.rentan.models import Candidate, OccupationRoute, Programme
from sinergi.rentan.programmes.services import route_occupation
from sinergi.rules.params import latest

# Stable reason codes (stored in Candidate.reasons, shown in the report and the correction screens).
REASONS: dict[str, object] = {
    "missing_nik": _("NIK kosong."),
    "missing_name": _("Nama kosong."),
    "missing_birth_date": _("Tanggal lahir kosong."),
    "missing_sex": _("Jenis kelamin kosong."),
    "missing_village_code": _("Kode desa/kelurahan kosong."),
    "missing_occupation": _("Pekerjaan kosong."),
    "nik_format": _("NIK tidak sesuai struktur (16 digit: kode wilayah, tanggal lahir, nomor urut)."),
    "nik_excel_damaged": _("NIK rusak oleh Excel (notasi ilmiah seperti 6.40207E+15 atau digit akhir menjadi "
                           "0); ketik ulang NIK sebagai teks."),
    "nik_birth_mismatch": _("Tanggal lahir dalam NIK berbeda dengan tanggal lahir yang tertulis."),
    "nik_sex_mismatch": _("Jenis kelamin dalam NIK (tanggal +40 untuk perempuan) berbeda dengan jenis kelamin "
                          "yang tertulis."),
    "birth_date_format": _("Tanggal lahir tidak dikenali; tulis seperti 12/06/1985, 1985-06-12 atau "
                           "12 Juni 1985."),
    "sex_format": _("Jenis kelamin tidak dikenali; tulis L/P atau LAKI-LAKI/PEREMPUAN."),
    "village_code_format": _("Kode desa harus 10 digit, seperti 6402072001 atau 64.02.07.2001."),
    "village_unknown": _("Kode desa/kelurahan tidak terdaftar dalam Kepmendagri."),
    "outside_region": _("Desa/kelurahan berada di luar wilayah program."),
    "age_out_of_range": _("Usia pada awal program di luar rentang usia yang layak."),
    "no_kk_format": _("Nomor KK harus 16 digit angka."),
    "desil_format": _("Desil harus angka 1 sampai 10."),
    "occupation_not_eligible": _("Kategori pekerjaan ini tidak termasuk dalam program."),
}

# Statuses in order of precedence: a row gets the first that applies (docs/rentan.md, "Impor DTKS").
PRECEDENCE = (
    Candidate.Status.INVALID, Candidate.Status.DUPLICATE_IN_FILE, Candidate.Status.DUPLICATE_IN_PROGRAMME,
    Candidate.Status.ALREADY_PARTICIPANT, Candidate.Status.REVIEW, Candidate.Status.VALID,
)

SEX_WORDS = {
    "L": "M", "LK": "M", "LAKI LAKI": "M", "LAKI": "M", "PRIA": "M", "M": "M", "MALE": "M", "1": "M",
    "P": "F", "PR": "F", "PEREMPUAN": "F", "WANITA": "F", "F": "F", "FEMALE": "F", "2": "F",
}


def reason_text(codes: str | list[str]) -> str:
    """The Indonesian sentences of comma-separated reason codes."""
    items = codes.split(",") if isinstance(codes, str) else codes
    return " ".join(str(REASONS.get(code, code)) for code in items if code)


# -- NIK as a set ---------------------------------------------------------------------------------------------

def nik_columns(frame: pl.DataFrame, raw: str, *, today: dt.date, female_day_offset: int) -> pl.DataFrame:
    """``nik_check`` over the column ``raw`` of ``frame``; adds ``nik`` (the 16 digits when they could be
    extracted, else the cleaned text), ``nik_error`` (null, ``nik_format`` or ``nik_excel_damaged``),
    ``nik_birth`` and ``nik_sex`` (only for a valid NIK). Intermediate values are materialised step by step
    (``_n:`` columns) so that each is computed once per row."""
    c = pl.col
    cleaned = c(raw).cast(pl.String).str.strip_chars().str.strip_chars_start("'")
    frame = frame.with_columns(cleaned.alias("_n:cleaned"))
    frame = frame.with_columns(
        c("_n:cleaned").str.replace_all(" ", "").str.contains(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
        .alias("_n:scientific"),
        c("_n:cleaned").str.contains(r"^\d+[.,]0+$").alias("_n:float"),
    )
    frame = frame.with_columns(
        pl.when(c("_n:float")).then(c("_n:cleaned").str.extract(r"^(\d+)[.,]0+$", 1)).otherwise(c("_n:cleaned"))
        .str.replace_all(r"[\s.\-/]", "").alias("_n:digits"))
    digits = c("_n:digits")
    frame = frame.with_columns(
        digits.str.contains(r"^[0-9]+$").alias("_n:all_digits"),
        digits.str.len_chars().alias("_n:length"),
        digits.str.slice(6, 2).cast(pl.Int32, strict=False).alias("_n:dd"),
        digits.str.slice(8, 2).cast(pl.Int32, strict=False).alias("_n:mm"),
        digits.str.slice(10, 2).cast(pl.Int32, strict=False).alias("_n:yy"),
        (digits.str.slice(12, 4) == "0000").alias("_n:seq_zero"),
        ((digits.str.slice(2, 2) != "00") & (digits.str.slice(4, 2) != "00")).alias("_n:places"),
        digits.str.ends_with("00").alias("_n:ends00"),
    )
    dd, mm, yy = c("_n:dd"), c("_n:mm"), c("_n:yy")
    frame = frame.with_columns(
        pl.when(dd > female_day_offset).then(dd - female_day_offset).otherwise(dd).alias("_n:day"),
        pl.when((dd > female_day_offset) & (dd <= female_day_offset + 31)).then(pl.lit("F"))
        .when(dd.is_between(1, 31)).then(pl.lit("M")).alias("_n:sex"),
        (c("_n:all_digits") & (c("_n:length") == 16)).alias("_n:sixteen"),
    )
    day = c("_n:day")

    def born(century: int) -> pl.Expr:
        # Arithmetic rather than parsing a date string per row.
        year = yy + century
        leap = ((year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))).cast(pl.Int32)
        last_day = pl.when(mm == 2).then(28 + leap).when(mm.is_in([4, 6, 9, 11])).then(30).otherwise(31)
        real = (mm.is_between(1, 12) & day.is_between(1, 31) & (day <= last_day)).fill_null(False)
        built = pl.date(year.fill_null(century), mm.fill_null(1).clip(1, 12), 1) + pl.duration(
            days=day.fill_null(1).clip(1, 31) - 1)
        return pl.when(real).then(built)

    frame = frame.with_columns(born(2000).alias("_n:late"), born(1900).alias("_n:early"))
    late, early = c("_n:late"), c("_n:early")
    frame = frame.with_columns(
        pl.when(late.is_not_null() & (late <= pl.lit(today))).then(late)
        .when(early.is_not_null() & (early <= pl.lit(today))).then(early).alias("_n:birth"))
    frame = frame.with_columns(
        (~c("_n:scientific") & c("_n:sixteen") & mm.is_between(1, 12) & day.is_between(1, 31)
         & c("_n:birth").is_not_null() & ~c("_n:seq_zero") & c("_n:places")).fill_null(False).alias("_n:valid"),
        (c("_n:scientific") | (c("_n:sixteen") & c("_n:seq_zero") & (c("_n:float") | c("_n:ends00")))
         | (c("_n:all_digits") & (c("_n:length") == 15))).fill_null(False).alias("_n:damaged"),
    )
    missing = c(raw).is_null()
    frame = frame.with_columns(
        pl.when(missing).then(None).when(c("_n:all_digits") & ~c("_n:scientific")).then(digits)
        .otherwise(c("_n:cleaned")).alias("nik"),
        pl.when(missing).then(None).when(c("_n:valid")).then(None).when(c("_n:damaged"))
        .then(pl.lit("nik_excel_damaged")).otherwise(pl.lit("nik_format")).alias("nik_error"),
        pl.when(c("_n:valid")).then(c("_n:birth")).alias("nik_birth"),
        pl.when(c("_n:valid")).then(c("_n:sex")).alias("nik_sex"),
    )
    return frame.drop(pl.selectors.starts_with("_n:"))


# -- parsing the text of a file -----------------------------------------------------------------------------

def village_code(raw: pl.Expr) -> pl.Expr:
    """``6402072001``, ``64.02.07.2001`` (or with spaces/dashes, or ``6402072001.0`` from a spreadsheet) →
    ``64.02.07.2001`` as ``regions.Region.code``; null unless exactly 10 digits."""
    return P.digits_of_length(raw, 10).str.replace(r"^(\d{2})(\d{2})(\d{2})(\d{4})$", "${1}.${2}.${3}.${4}")


def per_value(frame: pl.DataFrame, source: str, **outputs: pl.Expr) -> pl.DataFrame:
    """Add ``outputs`` (expressions of the column ``source`` alone) computed once per distinct value of
    ``source`` and joined back. A province's file of a million rows holds a few thousand villages and birth
    dates: parsing each once, not a million times, is most of the time the parsing takes."""
    table = frame.select(pl.col(source).unique()).with_columns(**outputs)
    return frame.join(table, on=source, how="left", maintain_order="left", nulls_equal=True)


def parse_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Typed columns from the ``raw:<field>`` text columns of a staged file. Keeps the raw columns, which tell
    an empty cell (missing_…) from a cell that could not be read (…_format)."""
    def raw(field: str) -> pl.Expr:
        return pl.col(f"raw:{field}") if f"raw:{field}" in frame.columns else pl.lit(None, dtype=pl.String)

    for field in ("nik", "no_kk", "name", "birth_date", "sex", "address", "village_code", "occupation", "desil",
                  "phone"):
        if f"raw:{field}" not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"raw:{field}"))
    frame = frame.with_columns(
        raw("no_kk").alias("no_kk_raw"),
        P.digits_of_length(raw("no_kk"), 16).alias("no_kk"),
        raw("name").str.replace_all(r"\s+", " ").str.slice(0, 200).alias("name"),
        raw("address").str.slice(0, 2000).alias("address"),
        raw("phone").str.slice(0, 20).alias("phone"),
    )
    frame = per_value(frame, "raw:birth_date", birth_date=P.date(raw("birth_date")))
    frame = per_value(frame, "raw:sex", sex=P.choice(raw("sex"), SEX_WORDS, pl.String))
    frame = per_value(frame, "raw:village_code", village_code=village_code(raw("village_code")))
    frame = per_value(frame, "raw:occupation",
                      occupation=raw("occupation").str.replace_all(r"\s+", " ").str.slice(0, 100))
    frame = per_value(frame, "raw:desil", desil=P.small_int(raw("desil")))
    # "12 Juni 1985": month names resolved once per distinct value.
    words = frame.filter(pl.col("birth_date").is_null() & pl.col("raw:birth_date").str.contains(r"[A-Za-z]"))
    if words.height:
        from sinergi.formatting import parse_indonesian_date

        mapping = {v: parse_indonesian_date(v) for v in words.get_column("raw:birth_date").unique().to_list()}
        frame = frame.with_columns(pl.coalesce(
            pl.col("birth_date"),
            pl.col("raw:birth_date").replace_strict(mapping, default=None, return_dtype=pl.Date)).alias("birth_date"))
    return frame.with_columns(
        pl.when(pl.col("birth_date").dt.year().is_between(1900, 2100)).then(pl.col("birth_date")).alias("birth_date"))


# -- the checks ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeContext:
    """What the row checks need to know about the programme, read once."""

    programme_id: int
    region_code: str
    reference_date: dt.date  # ages are taken on the programme's first day
    age_min: int
    age_max: int
    eligible_categories: tuple[str, ...]
    today: dt.date
    female_day_offset: int
    routes: tuple[OccupationRoute, ...]


def programme_context(programme: Programme, *, today: dt.date | None = None) -> ProgrammeContext:
    return ProgrammeContext(
        programme_id=programme.pk, region_code=programme.region_id,
        reference_date=programme.period_start, age_min=programme.age_min, age_max=programme.age_max,
        eligible_categories=tuple(programme.eligible_categories or ()), today=today or local_today(),
        female_day_offset=latest("identifiers/nik/female_day_offset").value,
        routes=tuple(programme.routes.select_related("opd").all()),
    )


def known_villages(codes: list[str]) -> set[str]:
    """Which of ``codes`` are village codes of the Kepmendagri list (one query per 900 codes on SQLite)."""
    from sinergi.regions.models import Region
    from sinergi.registry.import_db import fetch_where_in

    found = fetch_where_in(f"SELECT code FROM {Region._meta.db_table}", "code",  # noqa: S608
                           sorted(set(codes)), {"code": pl.String})
    return set(found.get_column("code").to_list())


def row_checks(frame: pl.DataFrame, ctx: ProgrammeContext) -> pl.DataFrame:
    """Add ``nik_error``, ``nik_birth``, ``nik_sex``, ``category``, ``opd_id`` and ``reasons`` (the codes
    joined by commas as ``Candidate.reasons`` stores them; empty for a row that passes) to a frame of typed
    columns with their ``raw:<field>`` texts."""
    frame = nik_columns(frame, "raw:nik", today=ctx.today, female_day_offset=ctx.female_day_offset)
    villages = frame.get_column("village_code").drop_nulls().unique().to_list()
    known = known_villages(villages)
    occupations = frame.get_column("occupation").drop_nulls().unique().to_list()
    routes = list(ctx.routes)
    routed = {o: route_occupation(routes, o) for o in occupations} if routes else {}
    frame = frame.with_columns(
        pl.col("occupation").replace_strict({o: str(r.category) for o, r in routed.items()}, default=None,
                                            return_dtype=pl.String).alias("category"),
        pl.col("occupation").replace_strict({o: r.opd_id for o, r in routed.items()}, default=None,
                                            return_dtype=pl.Int64).alias("opd_id"),
    )
    ref = ctx.reference_date
    born = pl.col("birth_date")
    age = (pl.lit(ref.year) - born.dt.year()
           - ((born.dt.month() > ref.month) | ((born.dt.month() == ref.month) & (born.dt.day() > ref.day)))
           .cast(pl.Int32))
    present = {f: pl.col(f"raw:{f}").is_not_null() for f in ("nik", "name", "birth_date", "sex", "village_code",
                                                              "occupation", "no_kk", "desil")}
    village_known = pl.col("village_code").is_in(pl.Series(sorted(known), dtype=pl.String).implode())
    checks: list[tuple[str, pl.Expr]] = [
        ("missing_nik", ~present["nik"]),
        ("nik_excel_damaged", pl.col("nik_error") == "nik_excel_damaged"),
        ("nik_format", pl.col("nik_error") == "nik_format"),
        ("missing_name", ~present["name"]),
        ("missing_birth_date", ~present["birth_date"]),
        ("birth_date_format", present["birth_date"] & born.is_null()),
        ("nik_birth_mismatch", pl.col("nik_birth").is_not_null() & born.is_not_null()
         & ((pl.col("nik_birth").dt.day() != born.dt.day()) | (pl.col("nik_birth").dt.month() != born.dt.month())
            | (pl.col("nik_birth").dt.year() % 100 != born.dt.year() % 100))),
        ("missing_sex", ~present["sex"]),
        ("sex_format", present["sex"] & pl.col("sex").is_null()),
        ("nik_sex_mismatch", pl.col("nik_sex").is_not_null() & pl.col("sex").is_not_null()
         & (pl.col("nik_sex") != pl.col("sex"))),
        ("missing_village_code", ~present["village_code"]),
        ("village_code_format", present["village_code"] & pl.col("village_code").is_null()),
        ("village_unknown", pl.col("village_code").is_not_null() & ~village_known),
        ("outside_region", pl.col("village_code").is_not_null() & village_known
         & ~pl.col("village_code").str.starts_with(f"{ctx.region_code}.")),
        ("age_out_of_range", born.is_not_null() & ~age.is_between(ctx.age_min, ctx.age_max)),
        ("missing_occupation", ~present["occupation"]),
        ("no_kk_format", present["no_kk"] & pl.col("no_kk").is_null()),
        ("desil_format", present["desil"] & ~pl.col("desil").is_between(1, 10).fill_null(False)),
    ]
    if ctx.eligible_categories:
        checks.append(("occupation_not_eligible", pl.col("category").is_not_null()
                       & ~pl.col("category").is_in(list(ctx.eligible_categories))))
    # A comma-joined string, not a list: building a million small lists costs ten times as much.
    return frame.with_columns(
        pl.concat_str([pl.when(expr.fill_null(False)).then(pl.lit(code)) for code, expr in checks],
                      separator=",", ignore_nulls=True).fill_null("").alias("reasons"))
