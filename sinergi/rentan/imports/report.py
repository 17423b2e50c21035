"""The per-row report of a DTKS import, as an XLSX workbook in Indonesian.

Sheet "Ringkasan": the file, the programme, who imported it, the counts per status (or the refusal).
Sheet "Baris bermasalah": one line per row that is not ``valid`` — Baris, NIK, Nama, Tanggal lahir, Jenis
kelamin, Kode desa, Pekerjaan, Status, Alasan (the Indonesian sentence of every reason code), Kode alasan and
the row it duplicates — sorted by row, so the data officer can fix the file or the rows in Sinergi. Valid rows
are not repeated: they are in Sinergi, on their way to the OPD, and a 90.000-row sheet of "valid" would bury
the 30.000 that need work.

NIK: the report is written for the data officer who imported the file. It shows the full NIK when the
importer's role sees full NIKs (``registry.services.user_sees_full_nik``: Dinsos data officers do) or when
the system imported it (``actor=None``: the CLI, run by an operator on the server who has the file anyway);
otherwise ``nik[:6]******nik[12:]``.

Every text cell goes through ``sinergi.spreadsheets.neutralise``: the report repeats names from an untrusted
file (a name typed as ``=HYPERLINK(…)`` stays text).
"""

from __future__ import annotations

import io
import re
import zipfile

import polars as pl
import xlsxwriter
from django.utils import timezone

from sinergi import clock
from sinergi.rentan.imports.checks import REASONS
from sinergi.rentan.models import Candidate, ImportBatch
from sinergi.spreadsheets import FORMULA_STARTS, MAX_CELL, neutralise

HEADERS = ["Baris", "NIK", "Nama", "Tanggal lahir", "Jenis kelamin", "Kode desa", "Pekerjaan", "Status",
           "Alasan", "Kode alasan", "Ganda dengan baris"]
SEX = {"M": "Laki-laki", "F": "Perempuan"}


def report_build(*, batch: ImportBatch, frame: pl.DataFrame | None, unknown: list[str], actor,
                 full_nik: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "constant_memory": True,
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    overview = workbook.add_worksheet("Ringkasan")
    overview.set_column(0, 0, 34)
    overview.set_column(1, 1, 80)
    statuses = dict(Candidate.Status.choices)
    summary: list[tuple[str, object]] = [
        ("Program", f"{batch.programme.code} — {batch.programme.name}"),
        ("Batch", batch.number), ("Berkas", batch.file_name),
        ("Diimpor oleh", getattr(actor, "username", "") or "sistem"),
        ("Waktu", timezone.localtime(clock.now()).strftime("%d/%m/%Y %H:%M")),
        ("Hasil", batch.get_status_display()),
    ]
    if batch.refusal:
        summary.append(("Alasan penolakan", batch.refusal))
    else:
        summary.append(("Baris data", batch.counts.get("rows", 0)))
        summary.extend((str(label), batch.counts.get(value, 0)) for value, label in statuses.items())
        summary.append(("Pasangan kemungkinan ganda", batch.counts.get("pairs", 0)))
    if unknown:
        summary.append(("Kolom lain (disimpan apa adanya)", ", ".join(unknown)))
    summary.append(("NIK dalam laporan", "lengkap" if full_nik else "disamarkan (UU 27/2022)"))
    for index, (label, value) in enumerate(summary):
        overview.write_string(index, 0, neutralise(label), bold)
        if isinstance(value, int) and not isinstance(value, bool):
            overview.write_number(index, 1, value)
        else:
            overview.write_string(index, 1, neutralise(value))

    sheet = workbook.add_worksheet("Baris bermasalah")
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    for col, width in enumerate((7, 20, 30, 13, 12, 15, 22, 26, 70, 30, 10)):
        sheet.set_column(col, col, width)
    lines = _lines(frame, full_nik) if frame is not None else None
    if lines is None or lines.is_empty():
        sheet.write_string(1, 8, "Tidak ada baris bermasalah." if frame is not None else "Berkas ditolak.")
    workbook.close()
    content = buffer.getvalue()
    if lines is not None and not lines.is_empty():
        content = _append_rows(content, "xl/worksheets/sheet2.xml", _rows_xml(lines, first=2),
                               last=f"K{lines.height + 1}")
    return content


def _append_rows(xlsx: bytes, member: str, rows: str, *, last: str) -> bytes:
    """Put ``rows`` (``<row>`` elements) at the end of ``member``'s sheet data in the package XlsxWriter wrote.

    A sheet of 100.000 rows written cell by cell through XlsxWriter takes longer than the whole import; polars
    builds the same SpreadsheetML (inline strings, as the standard allows) in native code."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                text = data.decode("utf-8")
                text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', text, count=1)
                text = text.replace("</sheetData>", rows + "</sheetData>", 1).replace("<sheetData/>",
                                                                                       f"<sheetData>{rows}</sheetData>")
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def neutralised(expr: pl.Expr) -> pl.Expr:
    """``sinergi.spreadsheets.neutralise`` over a column (a test holds both equal), then XML-escaped, without
    the control characters XML 1.0 forbids."""
    text = expr.cast(pl.String).fill_null("")
    starts = "^[" + re.escape("".join(FORMULA_STARTS)) + "]"
    text = pl.when(text.str.contains(starts)).then(pl.concat_str(pl.lit("'"), text)).otherwise(text)
    text = text.str.slice(0, MAX_CELL)
    return (text.str.replace_all("&", "&amp;", literal=True).str.replace_all("<", "&lt;", literal=True)
            .str.replace_all(">", "&gt;", literal=True)
            .str.replace_all(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x{FFFE}\x{FFFF}]", ""))


def _rows_xml(lines: pl.DataFrame, *, first: int) -> str:
    columns = list(lines.columns)
    numbers = {"_row", "other"}
    row = (pl.int_range(pl.len()) + first).cast(pl.String)
    cells = []
    for index, name in enumerate(columns):
        ref = pl.concat_str(pl.lit(chr(ord("A") + index)), row)
        if name in numbers:
            value = pl.col(name).cast(pl.String)
            cell = pl.concat_str(pl.lit('<c r="'), ref, pl.lit('"><v>'), value, pl.lit("</v></c>"))
        else:
            value = neutralised(pl.col(name))
            cell = pl.when(value != "").then(pl.concat_str(
                pl.lit('<c r="'), ref, pl.lit('" t="inlineStr"><is><t xml:space="preserve">'), value,
                pl.lit("</t></is></c>"))).otherwise(pl.lit(""))
        cells.append(pl.when(pl.col(name).is_not_null()).then(cell).otherwise(pl.lit("")))
    xml = pl.concat_str([pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>")])
    return lines.select(xml.alias("x")).get_column("x").str.join("").item()


def _why(status: str) -> str:
    return {
        Candidate.Status.DUPLICATE_IN_FILE: "NIK yang sama sudah ada di baris sebelumnya dalam berkas ini.",
        Candidate.Status.DUPLICATE_IN_PROGRAMME: "NIK ini sudah terdaftar di batch sebelumnya program ini.",
        Candidate.Status.ALREADY_PARTICIPANT: "Sudah menjadi peserta aktif BPJS Ketenagakerjaan (PU atau BPU): "
                                              "tidak boleh didaftarkan ganda.",
        Candidate.Status.REVIEW: "Kemungkinan orang yang sama dengan baris lain (nama mirip, tanggal lahir dan desa "
                                 "sama); menunggu keputusan peninjau.",
    }.get(status, "")


def _lines(frame: pl.DataFrame, full_nik: bool) -> pl.DataFrame:
    """The rows that are not valid, in file order, as the sheet shows them (all text but Baris and the row a
    duplicate or probable duplicate points at)."""
    nik = pl.col("nik").fill_null("")
    shown = nik if full_nik else pl.when(nik.str.len_chars() == 16).then(
        pl.concat_str(nik.str.slice(0, 6), pl.lit("******"), nik.str.slice(12))).otherwise(pl.lit("****"))
    statuses = {value: str(label) for value, label in Candidate.Status.choices}
    texts = {code: str(text) for code, text in REASONS.items()}
    why = pl.col("status").replace_strict({s: _why(s) for s in statuses}, default="")
    reasons = pl.col("reasons").str.split(",").list.eval(pl.element().replace_strict(texts, default=pl.element())).list.join(" ")
    return frame.filter(pl.col("status") != "valid").sort("_row").select(
        "_row", shown.alias("nik"), pl.col("name").fill_null(pl.col("raw:name")),
        pl.col("birth_date").dt.strftime("%d/%m/%Y"), pl.col("sex").replace_strict(SEX, default=""),
        pl.col("village_code").fill_null(pl.col("raw:village_code")), pl.col("occupation"),
        pl.col("status").replace_strict(statuses, default=pl.col("status")),
        pl.when(reasons != "").then(reasons).otherwise(why).alias("reasons_text"),
        pl.col("reasons"),
        pl.col("duplicate_of_row").alias("other"),
    )
