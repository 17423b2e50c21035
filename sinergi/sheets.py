"""One table model (``Sheet`` of ``Column``s) written as XLSX (XlsxWriter, every cell through
``spreadsheets.neutralise``) or as a PDF table with numbered pages (reportlab): the reports, the PUPN
documents and the coverage exports all describe their tables once and get both formats."""


from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

import xlsxwriter

from sinergi.formatting import format_date, format_number, format_percent
from sinergi.pdf import numbered_canvas
from sinergi.spreadsheets import neutralise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text | int | money | pct | date
    width: int = 14


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: list[list]
    subtitle: list[str] = field(default_factory=list)
    total: list | None = None
    notes: list[str] = field(default_factory=list)
    name: str = ""  # worksheet name (≤ 31 characters)


def _pdf_text(value, kind: str) -> str:
    if value is None or value == "":
        return "–" if kind in ("pct",) else ""
    if kind == "money":
        return format_number(value)
    if kind == "int":
        return format_number(value)
    if kind == "pct":
        return format_percent(value)
    if kind == "date":
        return format_date(value)
    return str(value)


# --- XLSX ------------------------------------------------------------------------------------------------

def sheets_xlsx(sheets: list[Sheet]) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    muted = book.add_format({"font_color": "#555555"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True,
                              "valign": "top"})
    fmts = {
        "money": book.add_format({"num_format": '"Rp" #,##0;-"Rp" #,##0'}),
        "int": book.add_format({"num_format": "#,##0"}),
        "pct": book.add_format({"num_format": "0.00"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy", "align": "left"}),
    }
    bold = {k: book.add_format({**p, "bold": True, "top": 1}) for k, p in (
        ("money", {"num_format": '"Rp" #,##0;-"Rp" #,##0'}), ("int", {"num_format": "#,##0"}),
        ("pct", {"num_format": "0.00"}), ("date", {}), ("text", {}))}
    for index, sh in enumerate(sheets):
        sheet = book.add_worksheet(neutralise(sh.name or sh.title)[:31] or f"Sheet{index + 1}")
        sheet.write_string(0, 0, neutralise(sh.title), title_fmt)
        row = 1
        for line in sh.subtitle:
            sheet.write_string(row, 0, neutralise(line), muted)
            row += 1
        row += 1
        for col, c in enumerate(sh.columns):
            sheet.set_column(col, col, c.width)
            sheet.write_string(row, col, neutralise(c.title), header)
        sheet.freeze_panes(row + 1, 0)

        def put(r: int, col: int, value, kind: str, strong: bool = False, sheet=sheet) -> None:
            fmt = bold[kind if kind in bold else "text"] if strong else fmts.get(kind)
            if value is None or value == "":
                if strong:
                    sheet.write_blank(r, col, None, fmt)
                return
            if kind in ("money", "int", "pct") and isinstance(value, int | Decimal | float):
                sheet.write_number(r, col, float(value) if kind == "pct" else int(value), fmt)
            elif kind == "date" and isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), fmt)
            else:
                args = [fmt] if fmt is not None else []
                sheet.write_string(r, col, neutralise(value), *args)

        for values in sh.rows:
            row += 1
            for col, (c, value) in enumerate(zip(sh.columns, values, strict=False)):
                put(row, col, value, c.kind)
        if sh.total is not None:
            row += 1
            for col, (c, value) in enumerate(zip(sh.columns, sh.total, strict=False)):
                put(row, col, value, c.kind, strong=True)
        row += 1
        for note in sh.notes:
            row += 1
            sheet.write_string(row, 0, neutralise(note), muted)
    book.close()
    return output.getvalue()


# --- PDF -------------------------------------------------------------------------------------------------

def sheets_pdf(sheets: list[Sheet], *, title: str, landscape: bool = True, before: list | None = None) -> bytes:
    """The sheets one after the other on A4 (landscape by default). ``before`` is a list of plain
    paragraphs (strings) printed under the first title, e.g. the body of a berita acara."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    size = to_landscape(A4) if landscape else A4
    green = colors.HexColor("#DDEBE5")
    grey = colors.HexColor("#666666")
    line = colors.HexColor("#BBBBBB")
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=8, leading=10)
    body = ParagraphStyle("body", parent=base, fontSize=9.5, leading=13, spaceAfter=2 * mm)
    small = ParagraphStyle("small", parent=base, fontSize=7, leading=8.6, textColor=grey)
    num = ParagraphStyle("num", parent=base, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=base, fontName="Helvetica-Bold")
    head_num = ParagraphStyle("head_num", parent=head, alignment=TA_RIGHT)
    num_bold = ParagraphStyle("num_bold", parent=num, fontName="Helvetica-Bold")
    title_style = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=17, spaceAfter=1 * mm)
    subtitle = ParagraphStyle("subtitle", parent=base, fontSize=9, leading=11, textColor=grey)
    margin = 12 * mm
    width = size[0] - 2 * margin
    NumberedCanvas = numbered_canvas(title=title, page_width=size[0], margin=margin, baseline=8 * mm)

    story = []
    for index, sh in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(escape(sh.title), title_style))
        for text in sh.subtitle:
            story.append(Paragraph(escape(text), subtitle))
        story.append(Spacer(1, 3 * mm))
        if index == 0:
            for text in before or ():
                story.append(Paragraph(escape(text), body))
        numeric = [c.kind in ("money", "int", "pct") for c in sh.columns]
        rows = [[Paragraph(escape(c.title), head_num if numeric[i] else head) for i, c in enumerate(sh.columns)]]
        for values in sh.rows:
            rows.append([Paragraph(escape(_pdf_text(v, c.kind)), num if numeric[i] else base)
                         for i, (c, v) in enumerate(zip(sh.columns, values, strict=False))])
        if sh.total is not None:
            rows.append([Paragraph(escape(_pdf_text(v, c.kind)), num_bold if numeric[i] else head)
                         for i, (c, v) in enumerate(zip(sh.columns, sh.total, strict=False))])
        weights = [max(c.width, 6) for c in sh.columns]
        widths = [width * w / sum(weights) for w in weights]
        table = Table(rows, colWidths=widths, repeatRows=1)
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), green),
                 ("LINEBELOW", (0, 0), (-1, -1), 0.25, line),
                 ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        if sh.total is not None:
            style += [("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                      ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F3F6F4"))]
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 3 * mm)]
        story += [Paragraph(escape(n), small) for n in sh.notes]
    output = io.BytesIO()
    doc = SimpleDocTemplate(output, pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=title, author="BPJS Ketenagakerjaan — Sinergi",
                            creator="Sinergi")
    doc.build(story, canvasmaker=NumberedCanvas)
    return output.getvalue()


# --- monev -----------------------------------------------------------------------------------------------
