"""The per-row report of an import, as an XLSX workbook in Indonesian.

Sheet "Kesalahan": one line per problem (Baris, Kolom, Kode, Keterangan) followed by the row's original
values, so the user can fix the file without opening it side by side. Sheet "Ringkasan": what was read and
what was written.

Every text cell is written as text (never as a formula, number or link), and text that a spreadsheet would
start evaluating (``=``, ``+``, ``-``, ``@``, tab, carriage return) is prefixed with an apostrophe: the
report repeats values from an untrusted file, and it is opened by staff on their office PCs (CSV/formula
injection, OWASP).
"""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter

from sinergi.spreadsheets import neutralise

MAX_LINES = 1_000_000  # Excel's sheet holds 1,048,576 rows
FIXED = ["Baris", "Kolom", "Kode", "Keterangan"]


def report_build(*, summary: list[tuple[str, object]], errors: pl.DataFrame, originals: pl.DataFrame | None,
                 headers: list[str]) -> bytes:
    """``errors`` has columns row (file row or null), column, code, message; ``originals`` has ``_row`` and
    the file's columns named as in ``headers``."""
    lines = errors.sort(["row", "column", "code"], nulls_last=False)
    truncated = lines.height > MAX_LINES
    lines = lines.head(MAX_LINES)
    shown = [h for h in headers if originals is not None and h in originals.columns]
    if shown and lines.height:
        # Columns by name through get_column, not pl.col: a header such as "*" or "^a$" is a pattern to pl.col.
        renamed = pl.DataFrame([originals.get_column("_row"),
                                *[originals.get_column(h).alias(f"__o{i}") for i, h in enumerate(shown)]])
        lines = lines.join(renamed, left_on="row", right_on="_row", how="left")

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "constant_memory": True,
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})

    overview = workbook.add_worksheet("Ringkasan")
    overview.set_column(0, 0, 34)
    overview.set_column(1, 1, 70)
    rows = list(summary)
    if truncated:
        rows.append(("Catatan", f"Hanya {MAX_LINES:,} kesalahan pertama yang dicantumkan.".replace(",", ".")))
    for index, (label, value) in enumerate(rows):
        overview.write_string(index, 0, neutralise(label), bold)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            overview.write_number(index, 1, value)
        else:
            overview.write_string(index, 1, neutralise(value))

    sheet = workbook.add_worksheet("Kesalahan")
    for col, title in enumerate(FIXED + [neutralise(h) for h in shown]):
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 7)
    sheet.set_column(1, 2, 18)
    sheet.set_column(3, 3, 60)
    if shown:
        sheet.set_column(4, 3 + len(shown), 16)
    out = 1
    for record in lines.iter_rows(named=True):
        if record["row"] is not None:
            sheet.write_number(out, 0, record["row"])
        sheet.write_string(out, 1, neutralise(record["column"]))
        sheet.write_string(out, 2, neutralise(record["code"]))
        sheet.write_string(out, 3, neutralise(record["message"]))
        for offset in range(len(shown)):
            value = record.get(f"__o{offset}")
            if value is not None:
                sheet.write_string(out, 4 + offset, neutralise(value))
        out += 1
    if out == 1:
        sheet.write_string(1, 3, "Tidak ada kesalahan.")
    workbook.close()
    return buffer.getvalue()
