"""Reading an uploaded table (CSV or XLSX) into a frame of text, or refusing it with a reason.

Every cell arrives as the text the user typed, with no type guessing: a NIK must keep its 16 digits and an
NPP its leading zeros, and a cell that is not a valid date must become a row error in the importer (which
can point at its row and column), not a failed read. Empty cells are null.

What the reader accepts, and why:

- CSV separated by ``,``, ``;`` or tab, decided from the header line (Excel on an Indonesian Windows
  writes ``;`` because the decimal comma is taken); UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's
  "Unicode text"), otherwise Windows-1252 (Excel's "CSV" on Windows).
- XLSX (and legacy XLS) through calamine (``fastexcel``), first sheet, header in the first row; numbers
  arrive as their shortest text (``6471011206850001``), dates as ``1985-06-12 00:00:00``.
- Blank lines are kept as empty rows so that the row numbers match what the user sees (header = row 1).

Refusals (``TableRefused``) carry a reason code and an Indonesian message: missing file, 0 bytes, larger
than ``MAX_BYTES`` (checked before reading a byte), binary content that is not a spreadsheet, a damaged file.
"""

from __future__ import annotations

import codecs
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sinergi.formatting import format_number

log = logging.getLogger("sinergi.tables")

MAX_BYTES = 200 * 1024 * 1024
MAX_UNPACKED = 10 * MAX_BYTES  # an XLSX is zipped XML: a few KB can unpack to gigabytes (a "zip bomb")
SNIFF_CHARS = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


class TableRefused(Exception):
    """The file cannot be read as a table at all; ``message`` says why in Indonesian."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Table:
    frame: pl.DataFrame  # one String column per header, in file order; row i is file row i + 2
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    separator: str = ""
    header_row: int = 1  # the sheet row of the header (a sheet may start lower; calamine starts at its first cell)


def table_read(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Table:
    """Read ``path`` as a table of text; raise ``TableRefused`` for anything that is not one. Every import
    reads its file here (the registry, the DTKS and corrections files, the SKK register, the bank files)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise TableRefused("berkas_tidak_ada", f"Berkas {path.name} tidak ditemukan atau tidak dapat dibuka.") from None
    if size == 0:
        raise TableRefused("berkas_kosong", "Berkas kosong (0 bita): tidak ada yang dapat diimpor.")
    if size > max_bytes:
        raise TableRefused(
            "berkas_terlalu_besar",
            f"Berkas berukuran {format_number(size // (1024 * 1024))} MB, melebihi batas "
            f"{max_bytes // (1024 * 1024)} MB. Pecah berkas menjadi beberapa bagian lalu impor satu per satu.",
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE2_MAGIC):
        return _read_excel(path)
    return _read_csv(path.read_bytes())


def _read_excel(path: Path) -> Table:
    unreadable = TableRefused(
        "xlsx_tidak_terbaca",
        "Berkas Excel tidak dapat dibaca: rusak, dilindungi kata sandi, atau bukan XLSX. "
        "Simpan ulang sebagai XLSX atau CSV lalu impor kembali.",
    )
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(item.file_size for item in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            raise unreadable from None
        if unpacked > MAX_UNPACKED:
            raise TableRefused(
                "berkas_terlalu_besar",
                f"Isi berkas Excel ini {format_number(unpacked // (1024 * 1024))} MB setelah dibuka, melebihi "
                f"batas {format_number(MAX_UNPACKED // (1024 * 1024))} MB. Pecah berkas menjadi beberapa bagian.",
            )
    try:
        frame = pl.read_excel(
            path, engine="calamine", sheet_id=1, has_header=True,
            read_options={"header_row": 0, "dtypes": "string"},
            drop_empty_rows=False, drop_empty_cols=False, raise_if_empty=False,
        )
    except Exception as exc:  # calamine raises its own errors for every kind of damage
        log.info("unreadable spreadsheet %s: %s", path.name, exc)
        raise unreadable from None
    if isinstance(frame, dict):  # several sheets requested: never with sheet_id=1, but be strict
        frame = next(iter(frame.values()))
    frame = frame.select(pl.all().cast(pl.String))
    return Table(frame=frame, format="xlsx", header_row=_xlsx_first_row(path))


_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)


def _xlsx_first_row(path: Path) -> int:
    """The row of the first cell with a value on the first sheet, where calamine puts the header; 1 when
    the file does not say (legacy XLS, a sheet without cell references)."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            first = re.search(r"<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id=\"([^\"]+)\"", workbook)
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            target = None
            for element in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
                if first and re.search(rf'\bId="{re.escape(first.group(1))}"', element):
                    target = re.search(r'\bTarget="([^"]+)"', element)
                    break
            if target is None:
                return 1
            name = target.group(1).lstrip("/")
            name = name if name.startswith("xl/") else f"xl/{name}"
            with archive.open(name) as handle:
                head = handle.read(4 * 1024 * 1024).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):
        return 1
    for attributes, content in _CELL.findall(head):
        if content and ("<v" in content or "<is" in content or ":v" in content or ":is" in content):
            reference = re.search(r'\br="[A-Z]+(\d+)"', attributes)
            return int(reference.group(1)) if reference else 1
    return 1


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1252 leaves five bytes undefined; a file that has them is not text from Excel.
    return raw.decode("cp1252"), "cp1252"


def _looks_binary(text: str) -> bool:
    sample = text[:SNIFF_CHARS]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def _separator(text: str) -> str:
    header = text[:SNIFF_CHARS].split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _read_csv(raw: bytes) -> Table:
    try:
        text, encoding = _decode(raw)
    except (UnicodeDecodeError, UnicodeError):
        raise TableRefused(
            "bukan_tabel",
            "Berkas ini bukan tabel CSV atau XLSX (isinya bukan teks yang dikenali).",
        ) from None
    if _looks_binary(text):
        raise TableRefused("bukan_tabel", "Berkas ini bukan tabel CSV atau XLSX (berisi data biner).")
    if not text.strip():
        raise TableRefused("berkas_kosong", "Berkas hanya berisi spasi atau baris kosong: tidak ada tabel.")
    separator = _separator(text)
    data = raw[len(codecs.BOM_UTF8):] if encoding == "utf-8-sig" else raw if encoding == "utf-8" else text.encode()
    del text
    try:
        frame = pl.read_csv(
            data, separator=separator, has_header=True, infer_schema=False, truncate_ragged_lines=True,
            raise_if_empty=False, encoding="utf8",
        )
    except pl.exceptions.PolarsError as exc:
        log.info("unreadable CSV: %s", exc)
        raise TableRefused(
            "csv_tidak_terbaca",
            "Berkas CSV tidak dapat dibaca sebagai tabel (periksa tanda kutip yang tidak berpasangan dan "
            "pemisah kolom).",
        ) from None
    return Table(frame=frame, format="csv", encoding=encoding, separator=separator)
