"""Cell parsers and the validation stage of an import, as polars expressions over whole columns.

A parser turns a text column (null = empty cell) into a typed column and yields null where the text is not
a valid value; the ``Stage`` then reports "text present, value null" as a row error with a reason code and
an Indonesian message that names the row (as the user sees it: header = row 1) and the column (as written
in the file). Python runs per *distinct* value only where polars cannot do the work (Indonesian month
names, the NIK plausibility check, region codes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from sinergi.formatting import parse_indonesian_date
from sinergi.registry.import_specs import normalise_header

EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (after its 1900 leap-year bug)
ERROR_SCHEMA = {"row": pl.Int64, "column": pl.String, "code": pl.String, "message": pl.String}

TRUE_WORDS = ("Y", "YA", "IYA", "1", "1.0", "TRUE", "BENAR", "V", "X")
FALSE_WORDS = ("T", "TIDAK", "TDK", "N", "NO", "0", "0.0", "FALSE", "SALAH")


def stripped(raw: pl.Expr) -> pl.Expr:
    """Trimmed text; an empty or blank cell becomes null."""
    text = raw.str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text)


def digits(raw: pl.Expr) -> pl.Expr:
    """A number written as digits, with spreadsheet damage undone: a leading apostrophe, ``12345678.0``,
    grouping by spaces, dots, dashes or slashes. Null unless only digits remain."""
    text = (raw.str.strip_chars().str.strip_chars_start("'").str.replace(r"^(\d+)\.0+$", "${1}")
            .str.replace_all(r"[\s./\-]", ""))
    return pl.when(text.str.contains(r"^\d+$")).then(text)


def digits_of_length(raw: pl.Expr, *lengths: int) -> pl.Expr:
    value = digits(raw)
    return pl.when(value.str.len_chars().is_in(list(lengths))).then(value)


def small_int(raw: pl.Expr) -> pl.Expr:
    text = raw.str.strip_chars().str.replace(r"^(\d{1,4})(?:[.,]0+)?$", "${1}")
    return pl.when(text.str.contains(r"^\d{1,4}$")).then(text.cast(pl.Int64, strict=False))


def date(raw: pl.Expr) -> pl.Expr:
    """dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd (with or without a time, as calamine writes dates),
    or an Excel serial day of five digits (10000 = 1927-05-18; four-digit numbers are years, not dates).
    Month names (``12 Juni 1985``) are resolved by ``Stage.date`` per distinct value."""
    text = raw.str.strip_chars()
    iso = text.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", 1)
    serial = text.str.extract(r"^(\d{5})(?:\.0+)?$", 1).cast(pl.Int64, strict=False)
    parsed = pl.coalesce(
        pl.when(text.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}$")).then(text.str.to_date("%d/%m/%Y", strict=False)),
        pl.when(text.str.contains(r"^\d{1,2}-\d{1,2}-\d{4}$")).then(text.str.to_date("%d-%m-%Y", strict=False)),
        pl.when(text.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}$")).then(text.str.to_date("%d.%m.%Y", strict=False)),
        iso.str.to_date("%Y-%m-%d", strict=False),
        pl.lit(EXCEL_EPOCH) + pl.duration(days=serial),
    )
    return pl.when(parsed.dt.year().is_between(1900, 2100)).then(parsed)


def nik_surely_plausible(raw: pl.Expr, *, today: dt.date, female_day_offset: int) -> pl.Expr:
    """True where a NIK is *certainly* plausible under ``sinergi.rules.nik.nik_check``: exactly 16 digits,
    regency, district and sequence not zero, a real birth date (women: day + offset) not after ``today``.

    A conservative shortcut, not a second copy of the rule: a false here only sends the value to
    ``nik_check``, which decides. A property test holds that a true here is never an invalid NIK there.
    """
    dd = raw.str.slice(6, 2).cast(pl.Int32, strict=False)
    day = pl.when(dd > female_day_offset).then(dd - female_day_offset).otherwise(dd)
    sex_known = dd.is_between(1, 31) | dd.is_between(female_day_offset + 1, female_day_offset + 31)

    def born(century: str) -> pl.Expr:
        text = pl.concat_str(pl.lit(century), raw.str.slice(10, 2), pl.lit("-"), raw.str.slice(8, 2), pl.lit("-"),
                             day.cast(pl.String).str.zfill(2))
        parsed = text.str.to_date("%Y-%m-%d", strict=False)
        return parsed.is_not_null() & (parsed <= pl.lit(today))

    return (
        raw.str.contains(r"^\d{16}$") & sex_known & (raw.str.slice(12, 4) != "0000")
        & (raw.str.slice(2, 2) != "00") & (raw.str.slice(4, 2) != "00") & (born("19") | born("20"))
    ).fill_null(False)


@dataclass(frozen=True)
class Amount:
    value: pl.Expr  # Int64 whole rupiah, negative when written with a minus
    fractional: pl.Expr  # true when the number has a non-zero fraction


def whole_rupiah(raw: pl.Expr) -> Amount:
    """``5000000``, ``5.000.000`` (Indonesian grouping), ``5,000,000``, ``5.000.000,00``, ``Rp 5.000.000``,
    ``5000000.0`` (a spreadsheet number). A dot followed by exactly three digits is a thousands separator,
    as it is written in Indonesia."""
    text = raw.str.strip_chars().str.replace(r"(?i)^rp\.?", "").str.replace_all(r"\s", "")
    negative = text.str.starts_with("-")
    text = text.str.strip_chars_start("-")
    normal = (
        pl.when(text.str.contains(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$"))
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .when(text.str.contains(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")).then(text.str.replace_all(",", ""))
        .when(text.str.contains(r"^\d+,\d+$")).then(text.str.replace(",", "."))
        .when(text.str.contains(r"^\d+(?:\.\d+)?$")).then(text)
    )
    whole = normal.str.extract(r"^(\d+)", 1)
    fraction = normal.str.extract(r"\.(\d+)$", 1)
    value = pl.when(whole.str.len_chars() <= 18).then(whole.cast(pl.Int64, strict=False))
    value = pl.when(negative).then(-value).otherwise(value)
    return Amount(value=value, fractional=fraction.is_not_null() & fraction.str.contains(r"[1-9]"))


def choice(raw: pl.Expr, mapping: dict[str, object], dtype: pl.DataType) -> pl.Expr:
    """A value from a fixed list, matched case-insensitively with spaces, dashes and underscores alike."""
    key = raw.str.strip_chars().str.to_uppercase().str.replace_all(r"[\s_\-]+", " ")
    return key.replace_strict(mapping, default=None, return_dtype=dtype)


def yes_no(raw: pl.Expr) -> pl.Expr:
    return choice(raw, {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}, pl.Boolean)


class Stage:
    """The rows of one file under validation: ``raw:<field>`` text columns, parsed columns, row errors."""

    def __init__(self, frame: pl.DataFrame, header_of: dict[str, str]):
        self.df = frame
        self.header_of = header_of  # field -> the column's header as written in the file
        self._errors: list[pl.DataFrame] = []

    def present(self, field: str) -> bool:
        return field in self.header_of

    def label(self, *fields: str) -> str:
        return ", ".join(self.header_of.get(f, f.upper()) for f in fields)

    @staticmethod
    def raw(field: str) -> pl.Expr:
        return pl.col(f"raw:{field}")

    def flag(self, mask: pl.Expr, fields: str | Iterable[str], code: str, message: str | pl.Expr) -> None:
        """Record an error for every row where ``mask`` holds."""
        names = (fields,) if isinstance(fields, str) else tuple(fields)
        text = pl.lit(message) if isinstance(message, str) else message
        found = self.df.filter(mask.fill_null(False)).select(
            pl.col("_row").cast(pl.Int64).alias("row"), pl.lit(self.label(*names)).alias("column"),
            pl.lit(code).alias("code"), text.cast(pl.String).alias("message"),
        )
        if found.height:
            self._errors.append(found)

    def add(self, name: str, expr: pl.Expr) -> None:
        self.df = self.df.with_columns(expr.alias(name))

    def require(self, *fields: str) -> None:
        for field in fields:
            self.flag(self.raw(field).is_null(), field, "wajib_diisi", f"{self.label(field)} wajib diisi.")

    def parse(self, field: str, expr: pl.Expr, dtype: pl.DataType, *, code: str, message: str | pl.Expr,
              name: str | None = None) -> None:
        """Parse ``raw:<field>`` into ``name`` (default: ``field``); where the file lacks the column, the
        column is all null (keep what the database has)."""
        name = name or field
        if not self.present(field):
            self.add(name, pl.lit(None, dtype=dtype))
            return
        self.add(name, expr.cast(dtype))
        self.flag(self.raw(field).is_not_null() & pl.col(name).is_null(), field, code, message)

    def map_distinct(self, source: str, name: str, func: Callable[[str], object], dtype: pl.DataType) -> None:
        """``name`` = ``func(value)`` computed once per distinct non-null value of column ``source``."""
        values = self.df.get_column(source).drop_nulls().unique().to_list()
        mapping = {value: func(value) for value in values}
        self.add(name, pl.col(source).replace_strict(mapping, default=None, return_dtype=dtype)
                 if mapping else pl.lit(None, dtype=dtype))

    def date(self, field: str, *, name: str | None = None, not_after: dt.date | None = None) -> None:
        name = name or field
        if not self.present(field):
            self.add(name, pl.lit(None, dtype=pl.Date))
            return
        raw = self.raw(field)
        self.add(name, date(raw))
        pending = self.df.filter(raw.is_not_null() & pl.col(name).is_null() & raw.str.contains(r"[A-Za-z]"))
        if pending.height:
            words = {v: parse_indonesian_date(v) for v in pending.get_column(f"raw:{field}").unique().to_list()}
            self.add(name, pl.coalesce(pl.col(name), raw.replace_strict(words, default=None, return_dtype=pl.Date)))
        self.flag(
            raw.is_not_null() & pl.col(name).is_null(), field, "tanggal_tidak_valid",
            pl.format("'{}' bukan tanggal yang dikenali; tulis seperti 12/06/1985, 1985-06-12 atau 12 Juni 1985.",
                      raw),
        )
        if not_after is not None:
            late = pl.col(name) > pl.lit(not_after)
            self.flag(late, field, "tanggal_di_masa_depan",
                      pl.format("Tanggal {} belum terjadi.", pl.col(name).dt.strftime("%d/%m/%Y")))
            self.add(name, pl.when(late).then(None).otherwise(pl.col(name)))

    def errors(self) -> pl.DataFrame:
        if not self._errors:
            return pl.DataFrame(schema=ERROR_SCHEMA)
        return pl.concat([e.cast(ERROR_SCHEMA) for e in self._errors], how="vertical")

    def add_errors(self, frame: pl.DataFrame) -> None:
        if frame.height:
            self._errors.append(frame.cast(ERROR_SCHEMA))

    def invalid_rows(self) -> pl.Series:
        return self.errors().get_column("row").drop_nulls().unique()


class ColumnsRefused(Exception):
    """The file's table cannot be imported at all (no header row, a required column missing, two columns for
    one field, no data rows): ``code``, an Indonesian ``message`` and the ``column`` it is about."""

    def __init__(self, code: str, message: str, column: str = ""):
        super().__init__(message)
        self.code, self.message, self.column = code, message, column


@dataclass
class Headed:
    """A table whose headers were matched to an import's columns."""

    stage: Stage  # "_row" plus one "raw:<field>" column per recognised field
    headers: list[str]  # the file's headers, stripped and made unique ("NIK" and "NIK " are one to the user)
    ignored: list[str]  # headers that are no column of the import
    frame: pl.DataFrame  # the file's rows as read (stripped, blank rows dropped, "_row"), for the report


def stage_columns(frame: pl.DataFrame, *, first_row: int, columns, missing_hint: str = "") -> Headed:
    """Match the file's headers to ``columns`` (each with ``field``, ``headers`` — its aliases, normalised —
    and ``required``) and stage the recognised ones; ``ColumnsRefused`` when that cannot be done. Every import
    reads its headers here, so they all accept the same spellings and refuse with the same messages."""
    if frame.width == 0:
        raise ColumnsRefused("tanpa_judul", "Berkas tidak berisi baris judul kolom; baris pertama harus judul kolom.")
    headers: list[str] = []
    for header in frame.columns:
        text = str(header).strip()
        while text in headers:  # "NIK" and "NIK " are two columns to polars, one to the user
            text += " "
        headers.append(text)
    frame = frame.rename(dict(zip(frame.columns, headers, strict=True)))
    frame = frame.with_columns(stripped(pl.col(h)) for h in headers)
    frame = frame.with_row_index("_row", offset=first_row).with_columns(pl.col("_row").cast(pl.Int64))
    frame = frame.filter(pl.any_horizontal(pl.col(h).is_not_null() for h in headers))
    by_header = {alias: column for column in columns for alias in column.headers}
    header_of: dict[str, str] = {}
    ignored: list[str] = []
    for header in headers:
        column = by_header.get(normalise_header(re.sub(r"_duplicated_\d+$", "", header)))
        if column is None:
            if header and not header.startswith("__UNNAMED__"):
                ignored.append(header)
            continue
        if column.field in header_of:
            raise ColumnsRefused(
                "kolom_ganda",
                f"Kolom '{header_of[column.field]}' dan '{header}' sama-sama dibaca sebagai "
                f"{column.headers[0]}; hapus atau ganti nama salah satunya.", header,
            )
        header_of[column.field] = header
    missing = [c.headers[0] for c in columns if c.required and c.field not in header_of]
    if missing:
        found = ", ".join(h for h in headers if h) or "(tidak ada)"
        raise ColumnsRefused(
            "kolom_wajib_tidak_ada",
            f"Kolom wajib tidak ditemukan: {', '.join(missing)}. Judul kolom di berkas: {found}."
            + (f" {missing_hint}" if missing_hint else ""), ", ".join(missing),
        )
    if frame.height == 0:
        raise ColumnsRefused("tabel_kosong", "Tabel tidak berisi baris data: hanya ada baris judul.")
    staged = frame.select(pl.col("_row"), *[pl.col(h).alias(f"raw:{f}") for f, h in header_of.items()])
    return Headed(Stage(staged, header_of), headers, ignored, frame)
