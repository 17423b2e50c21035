"""The documents of a payment batch that Disnaker sends to BPKD: the rekapitulasi (one row per kode iuran,
totals, signatures of the Kepala Dinas and of BPKD) and the attachment (lampiran: every participant with the
masked NIK, occupation, village and district, and the contribution per component), each as XLSX
(XlsxWriter, every text cell through ``neutralise``, opens in LibreOffice) and as A4 PDF (reportlab,
built-in Helvetica as in the employer statement).

The attachment reads its rows with one query (``values_list``, no model instances) and the region names
with one more; the NIK is always masked (``nik[:6]******nik[12:]``, UU 27/2022): BPKD pays per person but
needs no full NIK. 60.000 rows take seconds in XLSX and a minute in PDF (figures in
``bench/rentan_batches.py``), so a large attachment is produced by the job ``rentan.batch_export`` and a small
one on the spot (:data:`SYNC_PDF_ROWS`, :data:`SYNC_XLSX_ROWS`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

import xlsxwriter
from django.utils.translation import gettext as _

from sinergi.clock import today
from sinergi.formatting import format_date, format_number, format_period
from sinergi.pdf import numbered_canvas
from sinergi.regions.models import Region
from sinergi.rentan.models import PaymentBatch, PaymentBatchLine
from sinergi.rules.money import ZERO
from sinergi.spreadsheets import neutralise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"
KINDS = ("rekap", "lampiran")
FORMATS = ("xlsx", "pdf")
# Above these many participants the attachment is built by a job (bench/rentan_batches.py, 60.000 rows on a
# busy two-core machine: XLSX about 17 s, PDF about 60 s; a request should answer within a few seconds).
SYNC_PDF_ROWS = 5_000
SYNC_XLSX_ROWS = 20_000


def mask_nik(nik: str) -> str:
    return f"{nik[:6]}******{nik[12:]}" if len(nik) == 16 else "****"


def export_filename(batch: PaymentBatch, kind: str, fmt: str) -> str:
    return f"{kind}-{batch.programme.code}-{batch.period:%Y-%m}.{fmt}".lower()


# --- data ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecapRow:
    code: str
    account: str
    source: str
    budget_code: str
    budget_name: str
    participants: int
    amount: Decimal


def recap_rows(batch: PaymentBatch) -> list[RecapRow]:
    rows = batch.codes.select_related("budget_line").order_by("budget_line__account", "budget_line__source",
                                                              "budget_line__number")
    return [RecapRow(c.code, c.budget_line.account, c.budget_line.get_source_display(), c.budget_line.code,
                     c.budget_line.name, c.participants, c.amount) for c in rows]


def _dotted(code: str) -> str:
    code = (code or "").strip()
    if "." not in code and len(code) == 10 and code.isdigit():
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    return code


def attachment_rows(batch: PaymentBatch) -> Iterator[tuple]:
    """(number, name, masked NIK, occupation, village, district, JKK, JKM, JHT, total) per participant, by
    name; two queries whatever the number of rows."""
    rows = list(PaymentBatchLine.objects.filter(batch=batch).order_by("candidate__name", "candidate_id")
                .values_list("candidate__name", "candidate__nik", "candidate__occupation", "candidate__village_code",
                             "jkk", "jkm", "jht", "total"))
    villages = {_dotted(r[3]) for r in rows}
    codes = villages | {v[:8] for v in villages}
    names: dict[str, str] = {}
    code_list = sorted(c for c in codes if c)
    for start in range(0, len(code_list), 900):  # SQLite's parameter limit
        names.update(Region.objects.filter(code__in=code_list[start:start + 900]).values_list("code", "name"))
    for number, (name, nik, occupation, village, jkk, jkm, jht, total) in enumerate(rows, start=1):
        village = _dotted(village)
        yield (number, name, mask_nik(nik), occupation, names.get(village, village), names.get(village[:8], ""),
               jkk, jkm, jht, total)


def _titles(batch: PaymentBatch) -> tuple[str, str]:
    programme = batch.programme
    return (f"{programme.name}",
            _("Iuran bulan %(period)s · %(basis)s") % {"period": format_period(batch.period.year, batch.period.month),
                                                       "basis": programme.legal_basis})


def _signatures(batch: PaymentBatch) -> list[tuple[str, str]]:
    programme = batch.programme
    return [(_("Kepala %(unit)s") % {"unit": programme.owner.name}, _("Mengajukan,")),
            (_("Kepala %(unit)s") % {"unit": programme.treasury.name}, _("Menyetujui pembayaran,"))]


# --- XLSX ------------------------------------------------------------------------------------------------

def _book(output, *, constant_memory: bool = False):
    return xlsxwriter.Workbook(output, {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "constant_memory": constant_memory})


def recap_xlsx(batch: PaymentBatch) -> bytes:
    output = io.BytesIO()
    book = _book(output)
    sheet = book.add_worksheet(_("Rekapitulasi")[:31])
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True})
    rupiah = book.add_format({"num_format": '"Rp" #,##0'})
    rupiah_bold = book.add_format({"num_format": '"Rp" #,##0', "bold": True, "top": 1})
    number = book.add_format({"num_format": "#,##0"})
    bold = book.add_format({"bold": True, "top": 1})

    def text(row, col, value, fmt=None):
        sheet.write_string(row, col, neutralise(value), *([fmt] if fmt else []))

    name, subtitle = _titles(batch)
    text(0, 0, _("Rekapitulasi Pembayaran Iuran Pekerja Rentan"), title)
    text(1, 0, name)
    text(2, 0, subtitle)
    text(3, 0, _("Status: %(status)s") % {"status": batch.get_status_display()}
         + (f" · SP2D {batch.sp2d_number} ({format_date(batch.sp2d_date)})" if batch.sp2d_number else ""))
    columns = [(_("Kode iuran"), 15), (_("Program"), 9), (_("Sumber anggaran"), 16), (_("Kode rekening"), 34),
               (_("Uraian"), 36), (_("Jumlah peserta"), 14), (_("Jumlah iuran (Rp)"), 18)]
    top = 5
    for col, (label, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        text(top, col, label, header)
    row = top
    rows = recap_rows(batch)
    for r in rows:
        row += 1
        for col, value in enumerate((r.code, r.account, r.source, r.budget_code, r.budget_name)):
            text(row, col, value)
        sheet.write_number(row, 5, r.participants, number)
        sheet.write_number(row, 6, int(r.amount), rupiah)
    row += 1
    text(row, 0, _("Jumlah"), bold)
    text(row, 4, _("%(n)s peserta") % {"n": format_number(batch.participants)}, bold)
    sheet.write_number(row, 6, int(sum((r.amount for r in rows), ZERO)), rupiah_bold)
    row += 3
    for col, (role, verb) in zip((0, 4), _signatures(batch), strict=True):
        text(row, col, verb)
        text(row + 1, col, role)
        text(row + 5, col, "(" + "_" * 30 + ")")
        text(row + 6, col, _("NIP."))
    book.close()
    return output.getvalue()


def attachment_xlsx(batch: PaymentBatch) -> bytes:
    output = io.BytesIO()
    book = _book(output, constant_memory=True)  # rows are written in order: a 60.000-row sheet stays small
    sheet = book.add_worksheet(_("Lampiran")[:31])
    header = book.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True})
    rupiah = book.add_format({"num_format": "#,##0"})
    with_jht = batch.programme.jht
    columns = [(_("No."), 7), (_("Nama"), 30), (_("NIK (disamarkan)"), 19), (_("Pekerjaan"), 22),
               (_("Desa/Kelurahan"), 22), (_("Kecamatan"), 20), ("JKK (Rp)", 10), ("JKM (Rp)", 10),
               *([("JHT (Rp)", 10)] if with_jht else []), (_("Jumlah (Rp)"), 12)]
    money = (6, 7, 8, 9) if with_jht else (6, 7, 9)
    name, subtitle = _titles(batch)
    sheet.write_string(0, 0, neutralise(_("Lampiran Daftar Peserta") + " — " + name))
    sheet.write_string(1, 0, neutralise(subtitle))
    for col, (label, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(3, col, neutralise(label), header)
    row = 3
    for row, values in enumerate(attachment_rows(batch), start=4):
        sheet.write_number(row, 0, values[0])
        for col in range(1, 6):
            sheet.write_string(row, col, neutralise(values[col]))
        for col, index in enumerate(money, start=6):
            sheet.write_number(row, col, int(values[index]), rupiah)
    sheet.freeze_panes(4, 0)
    book.close()
    return output.getvalue()


# --- PDF -------------------------------------------------------------------------------------------------

def _pdf(story_for, *, title: str, landscape_page: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    page = landscape(A4) if landscape_page else A4
    NumberedCanvas = numbered_canvas(title=title, page_width=page[0], margin=14 * mm, baseline=9 * mm)

    output = io.BytesIO()
    doc = SimpleDocTemplate(output, pagesize=page, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
                            bottomMargin=18 * mm, title=title, author="Sinergi", creator="Sinergi")
    doc.build(story_for(page[0] - 28 * mm), canvasmaker=NumberedCanvas)
    return output.getvalue()


def _styles():
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName="Helvetica", fontSize=8, leading=10)
    return {
        "base": base,
        "head": ParagraphStyle("head", parent=base, fontName="Helvetica-Bold"),
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
        "num_bold": ParagraphStyle("num_bold", parent=base, alignment=TA_RIGHT, fontName="Helvetica-Bold"),
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=17),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9, leading=11),
    }


def recap_pdf(batch: PaymentBatch) -> bytes:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    s = _styles()
    name, subtitle = _titles(batch)

    def p(value, style="base"):
        return Paragraph(escape(str(value)), s[style])

    def story(width):
        items = [p(_("Rekapitulasi Pembayaran Iuran Pekerja Rentan"), "title"), p(name, "subtitle"),
                 p(subtitle, "subtitle")]
        if batch.sp2d_number:
            items.append(p(f"SP2D {batch.sp2d_number} · {format_date(batch.sp2d_date)}", "subtitle"))
        items.append(Spacer(1, 5 * mm))
        rows = [[p(_("Kode iuran"), "head"), p(_("Program"), "head"), p(_("Sumber / kode rekening"), "head"),
                 p(_("Peserta"), "head"), p(_("Jumlah (Rp)"), "head")]]
        recap = recap_rows(batch)
        for r in recap:
            rows.append([p(r.code), p(r.account), p(f"{r.source} · {r.budget_code}"),
                         p(format_number(r.participants), "num"), p(format_number(r.amount), "num")])
        rows.append([p(_("Jumlah"), "head"), "", "", p(format_number(batch.participants), "num_bold"),
                     p(format_number(sum((r.amount for r in recap), ZERO)), "num_bold")])
        table = Table(rows, colWidths=[28 * mm, 16 * mm, width - 28 * mm - 16 * mm - 22 * mm - 32 * mm, 22 * mm,
                                       32 * mm], repeatRows=1)
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), HexColor("#DDEBE5")),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor("#BBBBBB")),
                                   ("LINEABOVE", (0, -1), (-1, -1), 0.8, HexColor("#000000")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        items += [table, Spacer(1, 14 * mm)]
        signs = _signatures(batch)
        block = [[p(verb) for _role, verb in signs], [p(role, "head") for role, _verb in signs],
                 [Spacer(1, 18 * mm), Spacer(1, 18 * mm)], [p("(" + "_" * 30 + ")")] * 2, [p(_("NIP."))] * 2]
        items.append(Table(block, colWidths=[width / 2, width / 2]))
        return items

    return _pdf(story, title=_("Rekapitulasi iuran %(period)s") % {"period": f"{batch.period:%Y-%m}"})


def attachment_pdf(batch: PaymentBatch) -> bytes:
    """The attachment on landscape A4, drawn line by line on the canvas: the layout engine's tables cost
    about a millisecond per row, which a 60.000-row list cannot afford. Fixed row height, the header row
    on every page, long texts clipped to their column, "Halaman n dari N" (the number of pages is known
    before drawing)."""
    import math

    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.rl_accel import escapePDF
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas as pdfcanvas

    rows = list(attachment_rows(batch))
    name, subtitle = _titles(batch)
    with_jht = batch.programme.jht
    title = _("Lampiran iuran %(period)s") % {"period": f"{batch.period:%Y-%m}"}
    printed = _("Dicetak %(date)s") % {"date": format_date(today())}
    page_w, page_h = landscape(A4)
    left, top, bottom = 14 * mm, 14 * mm, 18 * mm
    width = page_w - 2 * left
    header = [_("No."), _("Nama"), _("NIK"), _("Pekerjaan"), _("Desa/Kelurahan"), _("Kecamatan"), "JKK", "JKM",
              *(["JHT"] if with_jht else []), _("Jumlah")]
    widths = [12 * mm, 0, 30 * mm, 40 * mm, 38 * mm, 34 * mm] + [18 * mm] * (len(header) - 6)
    widths[1] = width - sum(widths)
    xs = [left + sum(widths[:i]) for i in range(len(widths))]
    numeric = set(range(6, len(header)))
    font, size, row_h, head_h, title_h = "Helvetica", 7.5, 10.5, 13, 42
    usable = page_h - top - bottom - head_h
    first = int((usable - title_h) // row_h)
    other = int(usable // row_h)
    lines = len(rows) + 2  # the rows, a blank line and the total
    pages = 1 if lines <= first else 1 + math.ceil((lines - first) / other)
    widest = size * 1.02  # no Helvetica glyph is wider than 1.015 em: shorter texts need no measuring
    width_cache: dict[str, float] = {}

    def measure(text: str) -> float:
        found = width_cache.get(text)
        if found is None:
            found = stringWidth(text, font, size)
            if len(width_cache) < 20_000:
                width_cache[text] = found
        return found

    def clip(text: str, col: int) -> str:
        limit = widths[col] - 4
        if len(text) * widest <= limit:
            return text
        while text and stringWidth(text, font, size) > limit:
            text = text[:-1]
        return text

    def pdf_string(text: str) -> str:
        # Helvetica's WinAnsi bytes, escaped as reportlab escapes them (octal for bytes above 127).
        return "(" + escapePDF(text.encode("cp1252", "replace")) + ")"

    output = io.BytesIO()
    c = pdfcanvas.Canvas(output, pagesize=(page_w, page_h))
    c.setTitle(title)
    c.setAuthor("Sinergi")
    c.setCreator("Sinergi")
    green, grey, line = HexColor("#DDEBE5"), HexColor("#666666"), HexColor("#BBBBBB")

    def start_page(number: int) -> float:
        c.setFont(font, 7.5)
        c.setFillColor(grey)
        c.drawString(left, 9 * mm, f"{printed} · Sinergi — {title}"[:150])
        c.drawRightString(page_w - left, 9 * mm, _("Halaman %(page)s dari %(total)s") % {"page": number,
                                                                                          "total": pages})
        c.setFillColorRGB(0, 0, 0)
        y = page_h - top
        if number == 1:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(left, y - 14, _("Lampiran Daftar Peserta"))
            c.setFont(font, 9)
            c.drawString(left, y - 27, name[:160])
            c.drawString(left, y - 38, subtitle[:160])
            y -= title_h
        c.setFillColor(green)
        c.rect(left, y - head_h, width, head_h, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica-Bold", size)
        for col, text in enumerate(header):
            if col in numeric:
                c.drawRightString(xs[col] + widths[col] - 2, y - head_h + 4, text)
            else:
                c.drawString(xs[col] + 2, y - head_h + 4, text)
        c.setFont(font, size)
        c.setStrokeColor(line)
        c.setLineWidth(0.25)
        return y - head_h

    internal = c._doc.getInternalFontName(font)
    money = (6, 7, 8, 9) if with_jht else (6, 7, 9)
    number = 1
    y = start_page(number)
    left_on_page = first
    for values in rows:
        if left_on_page == 0:
            c.showPage()
            number += 1
            y = start_page(number)
            left_on_page = other
        y -= row_h
        cells = [str(values[0]), *(clip(values[i] or "", i) for i in range(1, 6)),
                 *(format_number(values[i]) for i in money)]
        # One text object per row written as PDF operators: reportlab's drawString costs ~0.2 ms a call
        # without its C accelerator, ten cells a row.
        parts = [f"BT {internal} {size} Tf"]
        for col, text in enumerate(cells):
            x = xs[col] + widths[col] - 2 - measure(text) if col in numeric else xs[col] + 2
            parts.append(f"1 0 0 1 {x:.2f} {y + 3:.2f} Tm {pdf_string(text)} Tj")
        parts.append(f"ET {left:.2f} {y:.2f} m {left + width:.2f} {y:.2f} l S")
        c._code.append(" ".join(parts))
        left_on_page -= 1
    if left_on_page < 2:
        c.showPage()
        number += 1
        y = start_page(number)
    c.setFont("Helvetica-Bold", 8)
    c.drawString(left, y - 2 * row_h + 3, _("Jumlah: %(n)s peserta, Rp %(total)s. NIK disamarkan (UU 27/2022).") % {
        "n": format_number(batch.participants), "total": format_number(batch.total)})
    c.showPage()
    c.save()
    return output.getvalue()


BUILDERS = {("rekap", "xlsx"): recap_xlsx, ("rekap", "pdf"): recap_pdf,
            ("lampiran", "xlsx"): attachment_xlsx, ("lampiran", "pdf"): attachment_pdf}


def batch_export(batch: PaymentBatch, kind: str, fmt: str) -> bytes:
    return BUILDERS[(kind, fmt)](batch)


def export_is_slow(batch: PaymentBatch, kind: str, fmt: str) -> bool:
    """Whether the export should run as a job instead of in the request."""
    limit = SYNC_PDF_ROWS if fmt == "pdf" else SYNC_XLSX_ROWS
    return kind == "lampiran" and batch.participants > limit
