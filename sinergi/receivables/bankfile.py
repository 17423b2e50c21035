"""Reading and checking a bank file of payments (CSV or XLSX), set-wise with polars, and its per-row report.

Columns, matched on the header after upper-casing and turning spaces and punctuation into ``_``:

============  =====================================================================  ==================
field         headers accepted                                                        required
============  =====================================================================  ==================
payment code  KODE_BAYAR, KODE_IURAN, KODE_PEMBAYARAN, KODE_BILLING                    one of the two
NPP           NPP, NO_NPP, NOMOR_NPP
amount        JUMLAH, JUMLAH_BAYAR, NOMINAL, JUMLAH_IURAN                               yes
date          TANGGAL, TANGGAL_BAYAR, TGL_BAYAR, TGL                                    yes
reference     REFERENSI, NO_REFERENSI, NOMOR_REFERENSI, REF                             yes
============  =====================================================================  ==================

Values: a payment code is Sinergi's 12 digits (NPP + YYMM, see ``payment_code_for``); an amount is whole
rupiah written ``1500000``, ``1.500.000``, ``1,500,000``, ``Rp 1.500.000`` or with zero cents
(``1500000,00``); a date is ``DD/MM/YYYY``, ``DD-MM-YYYY``, ``DD.MM.YYYY`` or ``YYYY-MM-DD`` (day first:
the Indonesian order), or a spreadsheet date cell. Nothing is guessed beyond that: any other form is a
row error naming the row and the column, in Indonesian.

The whole file is read into one columnar frame of strings (a bank file of a day is far below the size
limit), validated with column expressions and two set-wise database look-ups (employers, references
already posted), never row by row against the database.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _

from sinergi.spreadsheets import neutralise
from sinergi.tables import TableRefused, table_read

MAX_BYTES_DEFAULT = 64 * 1024 * 1024
LOOKUP_CHUNK = 5000

FIELDS = {
    "code": ("KODE_BAYAR", "KODE_IURAN", "KODE_PEMBAYARAN", "KODE_BILLING"),
    "npp": ("NPP", "NO_NPP", "NOMOR_NPP"),
    "amount": ("JUMLAH", "JUMLAH_BAYAR", "NOMINAL", "JUMLAH_IURAN"),
    "date": ("TANGGAL", "TANGGAL_BAYAR", "TGL_BAYAR", "TGL"),
    "reference": ("REFERENSI", "NO_REFERENSI", "NOMOR_REFERENSI", "REF"),
}
REQUIRED = ("amount", "date", "reference")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S")
SEP = "\x1f"  # between a column label and its message inside the frame


class BankFileError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, in Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_bytes() -> int:
    return int(getattr(settings, "RECEIVABLES_IMPORT_MAX_BYTES", MAX_BYTES_DEFAULT))


def normalise_header(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", str(name).replace("\ufeff", "").strip().upper()).strip("_")


@dataclass
class ParsedFile:
    frame: pl.DataFrame  # the file's own columns as strings, plus "_row" (the spreadsheet row number)
    columns: dict[str, str]  # field -> the file's header for it
    is_xlsx: bool
    name: str


def _sniff_separator(head: bytes) -> str:
    line = head.split(b"\n", 1)[0]
    counts = {sep: line.count(sep.encode()) for sep in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def bankfile_read(path: Path) -> ParsedFile:
    """Read the file into strings and map its headers; :class:`BankFileError` for a file-level problem."""
    path = Path(path)
    if not path.exists():
        raise BankFileError(_("Berkas %(name)s tidak ditemukan.") % {"name": path.name})
    size = path.stat().st_size
    if size == 0:
        raise BankFileError(_("Berkas %(name)s kosong (0 byte).") % {"name": path.name})
    if size > max_bytes():
        raise BankFileError(_("Berkas %(name)s terlalu besar (%(size)s MB); batasnya %(limit)s MB. Pecah berkas "
                              "menjadi beberapa bagian.") % {"name": path.name, "size": size // 2**20,
                                                             "limit": max_bytes() // 2**20})
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(4096)
    is_xlsx = head.startswith(b"PK\x03\x04")
    if suffix == ".xlsx" and not is_xlsx:
        raise BankFileError(_("Berkas %(name)s bukan XLSX yang valid.") % {"name": path.name})
    if not is_xlsx and suffix not in (".csv", ".txt"):
        raise BankFileError(_("Format berkas %(name)s tidak didukung; gunakan .csv atau .xlsx.")
                            % {"name": path.name})
    if not is_xlsx and b"\x00" in head:
        raise BankFileError(_("Berkas %(name)s bukan teks CSV (berisi data biner).") % {"name": path.name})
    try:
        table = table_read(path, max_bytes=max_bytes())
    except TableRefused as refused:
        raise BankFileError(refused.message) from None
    frame = table.frame
    frame = frame.select(pl.all().cast(pl.String))
    columns: dict[str, str] = {}
    for header in frame.columns:
        key = normalise_header(header)
        for fld, aliases in FIELDS.items():
            if key in aliases:
                if fld in columns:
                    raise BankFileError(_("Kolom %(a)s dan %(b)s berarti sama; hapus salah satunya.")
                                        % {"a": columns[fld], "b": header})
                columns[fld] = header
    missing = [FIELDS[f][0] for f in REQUIRED if f not in columns]
    if "code" not in columns and "npp" not in columns:
        missing.insert(0, "KODE_BAYAR/NPP")
    if missing:
        raise BankFileError(_("Kolom wajib tidak ditemukan: %(missing)s. Kolom yang ada: %(found)s.")
                            % {"missing": ", ".join(missing), "found": ", ".join(frame.columns) or "-"})
    frame = frame.with_row_index("_row", offset=table.header_row + 1).with_columns(pl.col("_row").cast(pl.Int64))
    own = list(columns.values())
    frame = frame.filter(~pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "")
                                             for c in own]))
    if frame.height == 0:
        raise BankFileError(_("Berkas %(name)s tidak memuat baris data.") % {"name": path.name})
    return ParsedFile(frame=frame, columns=columns, is_xlsx=is_xlsx, name=path.name)


def _clean(column: str | None) -> pl.Expr:
    if column is None:
        return pl.lit(None, dtype=pl.String)
    value = pl.col(column).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def _error(condition: pl.Expr, label: str | pl.Expr, template: str, *values: pl.Expr) -> pl.Expr:
    text = pl.format(template, *values) if values else pl.lit(template)
    label = pl.lit(label) if isinstance(label, str) else label
    return pl.when(condition).then(pl.concat_str([label, pl.lit(SEP), text])).otherwise(None)


def _digits(expr: pl.Expr) -> pl.Expr:
    # A spreadsheet number cell read as text: "12345678.0" is 12345678.
    return expr.str.replace(r"\.0+$", "")


def _amount(raw: pl.Expr) -> pl.Expr:
    s = raw.str.replace_all(r"(?i)^rp\.?|\s", "")
    return (pl.when(s.str.contains(r"^\d+$")).then(s)
            .when(s.str.contains(r"^\d+[.,]0{1,2}$")).then(s.str.replace(r"[.,]0{1,2}$", ""))
            .when(s.str.contains(r"^\d{1,3}(\.\d{3})+(,0{1,2})?$"))
            .then(s.str.replace(r",0{1,2}$", "").str.replace_all(r"\.", ""))
            .when(s.str.contains(r"^\d{1,3}(,\d{3})+(\.0{1,2})?$"))
            .then(s.str.replace(r"\.0{1,2}$", "").str.replace_all(",", ""))
            .otherwise(None))


def _date(raw: pl.Expr, is_xlsx: bool) -> pl.Expr:
    parsed = [raw.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]
    if is_xlsx:  # a date cell without a date format arrives as its serial number
        serial = _digits(raw)
        parsed.append(pl.when(serial.str.contains(r"^\d{5}$"))
                      .then(pl.lit(date(1899, 12, 30)) + pl.duration(days=serial.cast(pl.Int64, strict=False)))
                      .otherwise(None).cast(pl.Date))
    return pl.coalesce(parsed)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Baris %(row)s, kolom %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                                    "message": self.message}


class CheckedFile:
    """A validated bank file: per row its status, errors and the values to post."""

    def __init__(self, parsed: ParsedFile, frame: pl.DataFrame):
        self.parsed = parsed
        self.frame = frame
        self.errors: list[RowError] = []
        for row, problems in frame.filter(pl.col("_errors").list.len() > 0).select("_row", "_errors").iter_rows():
            for problem in problems:
                column, message = problem.split(SEP, 1)
                self.errors.append(RowError(row, column, message))

    @property
    def error_count(self) -> int:
        return int((self.frame["_status"] == "error").sum())

    def counts(self) -> dict:
        status = self.frame["_status"]
        return {"rows": self.frame.height, "valid": int((status == "valid").sum()), "errors": self.error_count,
                "already_posted": int((status == "already").sum())}

    def valid_rows(self) -> list[dict]:
        return (self.frame.filter(pl.col("_status") == "valid")
                .select(pl.col("_employer").alias("employer_id"), pl.col("_amount").alias("amount"),
                        pl.col("_date").alias("paid_on"), pl.col("_reference").alias("reference"),
                        pl.col("_code").alias("code"))
                .to_dicts())

    def report(self, *, posted: bool) -> bytes:
        labels = {"valid": _("dibukukan") if posted else _("valid, tidak dibukukan (berkas ditolak)"),
                  "already": _("sudah dibukukan"), "error": _("galat")}
        own = [c for c in self.parsed.frame.columns if c != "_row"]
        header = [_("Baris"), _("Status"), _("Kolom"), _("Pesan"), *own]
        rows = []
        for record in self.frame.select("_row", "_status", "_errors", *own).iter_rows():
            row, status, problems, *values = record
            split = [p.split(SEP, 1) for p in problems]
            rows.append([str(row), labels[status], ", ".join(dict.fromkeys(c for c, _m in split)),
                         "; ".join(f"{c}: {m}" for c, m in split), *values])
        summary = [(_("Berkas"), self.parsed.name), *((k, str(v)) for k, v in self.counts().items())]
        return write_report(header, rows, summary)


def bankfile_validate(parsed: ParsedFile, *, employers, today: date) -> CheckedFile:
    """Check every row set-wise: formats, the NPP or payment code against ``employers`` (a queryset, already
    scoped to the importing user), duplicate references in the file and references already posted."""
    from sinergi.receivables.models import Payment

    cols = parsed.columns
    label = {f: cols.get(f, FIELDS[f][0]) for f in FIELDS}
    f = parsed.frame.with_columns(
        _code_raw=_clean(cols.get("code")), _npp_raw=_clean(cols.get("npp")),
        _amount_raw=_clean(cols["amount"]), _date_raw=_clean(cols["date"]), _reference=_clean(cols["reference"]),
    )
    f = f.with_columns(_code=_digits(pl.col("_code_raw")), _npp_given=_digits(pl.col("_npp_raw")),
                       _amount_text=_amount(pl.col("_amount_raw")), _date=_date(pl.col("_date_raw"), parsed.is_xlsx))
    code_ok = pl.col("_code").str.contains(r"^\d{8}\d{2}(0[1-9]|1[0-2])$")
    npp_ok = pl.col("_npp_given").str.contains(r"^\d{8}$")
    f = f.with_columns(
        _npp=pl.when(code_ok).then(pl.col("_code").str.slice(0, 8)).when(npp_ok).then(pl.col("_npp_given"))
        .otherwise(None),
        _npp_label=pl.when(code_ok).then(pl.lit(label["code"])).otherwise(pl.lit(label["npp"])),
        _amount=pl.col("_amount_text").cast(pl.Int64, strict=False),
    )
    # Set-wise look-ups: the employers named, and the references already posted from a bank file.
    npps = [n for n in f["_npp"].unique().to_list() if n]
    known = []
    for start in range(0, len(npps), LOOKUP_CHUNK):
        known.extend(employers.filter(npp__in=npps[start:start + LOOKUP_CHUNK]).values_list("npp", "pk"))
    refs = [r for r in f["_reference"].unique().to_list() if r]
    posted = []
    for start in range(0, len(refs), LOOKUP_CHUNK):
        posted.extend(Payment.objects.filter(channel=Payment.Channel.BANK_FILE,
                                             reference__in=refs[start:start + LOOKUP_CHUNK])
                      .values_list("reference", "employer_id", "amount", "paid_on"))
    f = f.join(pl.DataFrame(known, schema={"_npp": pl.String, "_employer": pl.Int64}, orient="row"),
               on="_npp", how="left")
    f = f.join(pl.DataFrame([(r, e, int(a), d) for r, e, a, d in posted], orient="row",
                            schema={"_reference": pl.String, "_p_employer": pl.Int64, "_p_amount": pl.Int64,
                                    "_p_date": pl.Date}),
               on="_reference", how="left")
    f = f.with_columns(_first=pl.col("_row").min().over("_reference"))
    already = pl.col("_p_employer").is_not_null()
    same_as_posted = ((pl.col("_p_employer") == pl.col("_employer")) & (pl.col("_p_amount") == pl.col("_amount"))
                      & (pl.col("_p_date") == pl.col("_date")))
    amount_raw = pl.col("_amount_raw")
    checks = [
        _error(pl.col("_code_raw").is_null() & pl.col("_npp_raw").is_null(), f"{label['npp']}/{label['code']}",
               _("isi NPP atau kode bayar")),
        _error(pl.col("_code_raw").is_not_null() & ~code_ok, label["code"],
               _("kode bayar harus 12 digit (NPP 8 digit + tahun dan bulan TTBB): '{}'"), pl.col("_code_raw")),
        _error(pl.col("_code_raw").is_null() & pl.col("_npp_raw").is_not_null() & ~npp_ok, label["npp"],
               _("NPP harus 8 digit angka: '{}'"), pl.col("_npp_raw")),
        _error(code_ok & npp_ok & (pl.col("_code").str.slice(0, 8) != pl.col("_npp_given")), label["npp"],
               _("NPP {} tidak sesuai dengan kode bayar {}"), pl.col("_npp_given"), pl.col("_code")),
        _error(pl.col("_npp").is_not_null() & pl.col("_employer").is_null(), pl.col("_npp_label"),
               _("NPP {} tidak terdaftar atau di luar wilayah kerja Anda"), pl.col("_npp")),
        _error(amount_raw.is_null(), label["amount"], _("wajib diisi")),
        _error(amount_raw.is_not_null() & pl.col("_amount_text").is_null()
               & amount_raw.str.contains(r"^\s*-"), label["amount"], _("harus lebih dari nol: '{}'"), amount_raw),
        _error(amount_raw.is_not_null() & pl.col("_amount_text").is_null()
               & amount_raw.str.contains(r"^[\d.,\s]*[.,]\d{1,2}$") & ~amount_raw.str.contains(r"^\s*-"),
               label["amount"], _("tidak boleh memuat sen: '{}'"), amount_raw),
        _error(amount_raw.is_not_null() & pl.col("_amount_text").is_null()
               & ~amount_raw.str.contains(r"^[\d.,\s]*[.,]\d{1,2}$") & ~amount_raw.str.contains(r"^\s*-"),
               label["amount"], _("bukan angka rupiah yang valid: '{}'"), amount_raw),
        _error(pl.col("_amount_text").is_not_null() & (pl.col("_amount_text").str.len_chars() > 15),
               label["amount"], _("terlalu besar: '{}'"), amount_raw),
        _error(pl.col("_amount") == 0, label["amount"], _("harus lebih dari nol: '{}'"), amount_raw),
        _error(pl.col("_date_raw").is_null(), label["date"], _("wajib diisi")),
        _error(pl.col("_date_raw").is_not_null() & pl.col("_date").is_null(), label["date"],
               _("tanggal tidak dikenali: '{}' (gunakan HH/BB/TTTT atau TTTT-BB-HH)"), pl.col("_date_raw")),
        _error(pl.col("_date") > pl.lit(today), label["date"], _("tanggal di masa depan: '{}'"),
               pl.col("_date_raw")),
        _error(pl.col("_reference").is_null(), label["reference"], _("wajib diisi")),
        _error(pl.col("_reference").str.len_chars() > 64, label["reference"], _("lebih dari 64 karakter")),
        _error(pl.col("_reference").is_not_null() & (pl.col("_row") != pl.col("_first")), label["reference"],
               _("ganda dalam berkas (sama dengan baris {})"), pl.col("_first")),
        _error(already & ~same_as_posted.fill_null(False), label["reference"],
               _("sudah dipakai untuk pembayaran lain (NPP, jumlah atau tanggal berbeda)")),
    ]
    f = f.with_columns(_errors=pl.concat_list(checks).list.drop_nulls())
    f = f.with_columns(_status=pl.when(pl.col("_errors").list.len() > 0).then(pl.lit("error"))
                       .when(already).then(pl.lit("already")).otherwise(pl.lit("valid")))
    return CheckedFile(parsed, f.sort("_row"))


# --- the report ----------------------------------------------------------------------------------------

def write_report(header: list[str], rows: list[list], summary: list[tuple[str, str]]) -> bytes:
    """A two-sheet XLSX (per-row report, summary); every cell is written as neutralised text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Laporan"))
    for col, text in enumerate(header):
        sheet.write_string(0, col, neutralise(text), bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write_string(r, col, neutralise(value))
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 1, 12)
    sheet.set_column(2, 2, 16)
    sheet.set_column(3, 3, 60)
    sheet.set_column(4, max(4, len(header) - 1), 18)
    info = book.add_worksheet(_("Ringkasan"))
    for r, (key, value) in enumerate(summary):
        info.write_string(r, 0, neutralise(key), bold)
        info.write_string(r, 1, neutralise(value))
    info.set_column(0, 1, 24)
    book.close()
    return buffer.getvalue()


def report_file_error(message: str) -> bytes:
    """The report of a file rejected as a whole: one line with the reason."""
    return write_report([_("Baris"), _("Status"), _("Kolom"), _("Pesan")], [["-", _("galat"), "-", message]],
                        [(_("Status"), _("berkas ditolak"))])
