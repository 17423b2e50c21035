"""The employer statement as an XLSX workbook (XlsxWriter) and as an A4 PDF (reportlab).

Both show the same :class:`~sinergi.receivables.statement.Statement` as the page. In the workbook rupiah
are numbers with a rupiah number format and dates are dates, so the sheet can be summed; every text cell
goes through ``neutralise`` (a name typed as ``=HYPERLINK(…)`` stays text). The PDF uses reportlab's
built-in Helvetica (no font files to ship; its WinAnsi encoding covers Indonesian), repeats the table
header on every page and numbers the pages "Halaman n dari N".
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from xml.sax.saxutils import escape

import xlsxwriter
from django.utils.translation import gettext as _

from sinergi.formatting import format_date, format_number, format_period, format_rupiah
from sinergi.pdf import numbered_canvas
from sinergi.receivables.models import Allocation
from sinergi.receivables.statement import EntryKind, Statement, StatementEntry
from sinergi.spreadsheets import neutralise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The row (0-based) of the statement table's header in the workbook: the identity block sits above it.
XLSX_HEADER_ROW = 8


def statement_filename(statement: Statement, extension: str) -> str:
    return (f"rekening-koran-{statement.employer.npp}-{statement.date_from:%Y%m%d}-"
            f"{statement.date_to:%Y%m%d}.{extension}")


def _period_text(statement: Statement) -> str:
    return _("%(start)s s.d. %(end)s") % {"start": format_date(statement.date_from),
                                          "end": format_date(statement.date_to)}


def _branch_text(statement: Statement) -> str:
    branch = statement.employer.branch
    return f"{branch.name} ({branch.parent.name})" if branch.parent_id else branch.name


def _address_text(statement: Statement) -> str:
    employer = statement.employer
    parts = [employer.address.strip()] if employer.address.strip() else []
    if employer.region_id:
        parts.append(employer.region.name)
    return ", ".join(parts) if parts else "–"


def _programmes_text(entry: StatementEntry) -> str:
    return " · ".join(f"{programme} {format_number(amount)}" for programme, amount in entry.programmes)


def _allocation_lines(entry: StatementEntry) -> list[str]:
    """One line per month the payment went to: principal (per programme) and denda, then any credit left."""
    lines = []
    for month in entry.allocations_by_period():
        parts = []
        if month["principal"]:
            detail = " · ".join(f"{p} {format_number(a)}" for p, a in month["programmes"])
            parts.append(_("iuran %(amount)s (%(detail)s)") % {"amount": format_number(month["principal"]),
                                                               "detail": detail})
        if month["penalty"]:
            parts.append(_("denda %(amount)s") % {"amount": format_number(month["penalty"])})
        line = _("untuk %(period)s: %(parts)s") % {
            "period": format_period(month["period"].year, month["period"].month), "parts": ", ".join(parts)}
        if month["reversed"]:
            line += " " + _("(dibatalkan)")
        lines.append(line)
    if entry.kind == EntryKind.PAYMENT and not entry.reversed and entry.unallocated:
        lines.append(_("belum dialokasikan (kelebihan bayar): %(amount)s") % {
            "amount": format_number(entry.unallocated)})
    return lines


def _summary_rows(statement: Statement) -> list[tuple[str, Decimal]]:
    totals = statement.totals
    closing = statement.closing_position
    return [
        (_("Saldo awal per %(date)s") % {"date": format_date(statement.opening_date)}, statement.opening),
        (_("Iuran ditagih"), totals.billed),
        (_("Koreksi iuran"), totals.adjustments),
        (_("Denda"), totals.penalties),
        (_("Pembayaran"), -totals.payments),
        (_("Pembatalan pembayaran"), totals.reversals),
        ((_("Saldo akhir per %(date)s (kelebihan bayar)") if statement.overpaid else _("Saldo akhir per %(date)s"))
         % {"date": format_date(statement.date_to)}, statement.closing),
        (_("terdiri dari sisa iuran"), closing.outstanding_principal),
        (_("sisa denda"), closing.outstanding_penalty),
        (_("dikurangi kelebihan bayar"), -closing.credit),
    ]


def _closing_label(statement: Statement) -> str:
    return _("Saldo akhir (kelebihan bayar)") if statement.overpaid else _("Saldo akhir")


# --- XLSX ------------------------------------------------------------------------------------------------

def statement_xlsx(statement: Statement) -> bytes:
    """The statement as a workbook: sheet "Rekening koran" (identity, then one row per entry and one per
    allocation of a payment, then totals and the closing balance) and sheet "Ringkasan"."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    sheet = book.add_worksheet(_("Rekening koran")[:31])
    title = book.add_format({"bold": True, "font_size": 14})
    label = book.add_format({"bold": True, "font_color": "#555555"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    header = book.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True})
    rupiah = book.add_format({"num_format": '"Rp" #,##0;-"Rp" #,##0'})
    rupiah_bold = book.add_format({"num_format": '"Rp" #,##0;-"Rp" #,##0', "bold": True, "top": 1})
    bold = book.add_format({"bold": True, "top": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy", "align": "left"})
    muted = book.add_format({"font_color": "#777777"})
    muted_rupiah = book.add_format({"num_format": '"Rp" #,##0', "font_color": "#777777"})

    def text(row: int, col: int, value, fmt=None) -> None:
        sheet.write_string(row, col, neutralise(value), *([fmt] if fmt else []))

    def day(row: int, col: int, value: dt.date | None) -> None:
        if value is not None:
            sheet.write_datetime(row, col, value, date)

    employer = statement.employer
    text(0, 0, _("Rekening Koran Iuran"), title)
    identity = [(_("NPP"), employer.npp), (_("Nama pemberi kerja"), employer.name),
                (_("Kantor cabang"), _branch_text(statement)), (_("Alamat"), _address_text(statement)),
                (_("Periode"), _period_text(statement)), (_("Dicetak"), format_date(statement.generated_on))]
    for row, (name, value) in enumerate(identity, start=1):
        text(row, 0, name, label)
        text(row, 2, value)

    columns = [
        (_("Tanggal"), 11), (_("Jenis"), 12), (_("Uraian"), 42), (_("Periode iuran"), 15),
        (_("Jatuh tempo"), 11), (_("Referensi"), 20), (_("Debet (Rp)"), 15), (_("Kredit (Rp)"), 15),
        (_("Saldo (Rp)"), 16), (_("Program / komponen"), 16), (_("Dialokasikan (Rp)"), 15), (_("Keterangan"), 40),
    ]
    for col, (name, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        text(XLSX_HEADER_ROW, col, name, header)

    row = XLSX_HEADER_ROW + 1
    day(row, 0, statement.opening_date)
    text(row, 2, _("Saldo awal"))
    sheet.write_number(row, 8, int(statement.opening), rupiah)
    for entry in statement.entries:
        row += 1
        day(row, 0, entry.on)
        text(row, 1, entry.label)
        text(row, 2, entry.description + (" " + _("(dibatalkan)") if entry.kind == EntryKind.PAYMENT
                                           and entry.reversed else ""))
        if entry.period:
            text(row, 3, format_period(entry.period.year, entry.period.month))
        day(row, 4, entry.due_date)
        if entry.reference:
            text(row, 5, entry.reference)
        if entry.debit:
            sheet.write_number(row, 6, int(entry.debit), rupiah)
        if entry.credit:
            sheet.write_number(row, 7, int(entry.credit), rupiah)
        sheet.write_number(row, 8, int(entry.balance), rupiah)
        notes = [n for n in (entry.note, _programmes_text(entry)) if n]
        if notes:
            text(row, 11, "; ".join(notes))
        for part in entry.allocations:
            row += 1
            text(row, 1, _("Alokasi"), muted)
            what = (_("Iuran") if part.component == Allocation.Component.PRINCIPAL else _("Denda"))
            text(row, 2, _("%(what)s %(period)s") % {"what": what, "period": format_period(
                part.period.year, part.period.month)} + (" " + _("(dibatalkan)") if part.reversed else ""), muted)
            text(row, 3, format_period(part.period.year, part.period.month), muted)
            text(row, 5, entry.reference, muted)
            text(row, 9, f"{what} {part.programme}".strip(), muted)
            sheet.write_number(row, 10, int(part.amount), muted_rupiah)
        if entry.kind == EntryKind.PAYMENT and not entry.reversed and entry.unallocated:
            row += 1
            text(row, 1, _("Alokasi"), muted)
            text(row, 2, _("Belum dialokasikan (kelebihan bayar)"), muted)
            text(row, 5, entry.reference, muted)
            sheet.write_number(row, 10, int(entry.unallocated), muted_rupiah)
    totals = statement.totals
    row += 1
    text(row, 2, _("Jumlah"), bold)
    sheet.write_number(row, 6, int(totals.debit), rupiah_bold)
    sheet.write_number(row, 7, int(totals.credit), rupiah_bold)
    row += 1
    day(row, 0, statement.date_to)
    text(row, 2, _closing_label(statement), bold)
    sheet.write_number(row, 8, int(statement.closing), rupiah_bold)
    sheet.freeze_panes(XLSX_HEADER_ROW + 1, 0)
    sheet.set_row(4, None, wrap)

    summary = book.add_worksheet(_("Ringkasan")[:31])
    summary.set_column(0, 0, 44)
    summary.set_column(1, 1, 18)
    text_summary = [(_("NPP"), employer.npp), (_("Nama pemberi kerja"), employer.name),
                    (_("Periode"), _period_text(statement))]
    for r, (name, value) in enumerate(text_summary):
        summary.write_string(r, 0, neutralise(name), label)
        summary.write_string(r, 1, neutralise(value))
    for r, (name, amount) in enumerate(_summary_rows(statement), start=len(text_summary) + 1):
        summary.write_string(r, 0, neutralise(name))
        summary.write_number(r, 1, int(amount), rupiah)
    book.close()
    return output.getvalue()


# --- PDF -------------------------------------------------------------------------------------------------

def statement_pdf(statement: Statement) -> bytes:
    """The statement on A4 paper: title, employer identity and period, a summary, the entries with their
    running balance (the header row repeated on every page), totals, and a footer with the printing date
    and "Halaman n dari N"."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    green = colors.HexColor("#DDEBE5")
    grey = colors.HexColor("#666666")
    line = colors.HexColor("#BBBBBB")
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=8, leading=10)
    small = ParagraphStyle("small", parent=base, fontSize=7, leading=8.6, textColor=grey)
    cell = ParagraphStyle("cell", parent=base)
    day = ParagraphStyle("day", parent=base, fontSize=7.5)
    num = ParagraphStyle("num", parent=base, alignment=TA_RIGHT)
    num_bold = ParagraphStyle("num_bold", parent=num, fontName="Helvetica-Bold")
    head = ParagraphStyle("head", parent=base, fontName="Helvetica-Bold")
    head_num = ParagraphStyle("head_num", parent=head, alignment=TA_RIGHT)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=15, leading=18, spaceAfter=1 * mm)
    subtitle = ParagraphStyle("subtitle", parent=base, fontSize=9, leading=11, textColor=grey)

    employer = statement.employer
    running_head = f"{_('Rekening Koran Iuran')} · {_('NPP')} {employer.npp} · {employer.name}"
    left_margin = right_margin = 14 * mm
    width = A4[0] - left_margin - right_margin

    NumberedCanvas = numbered_canvas(title="BPJS Ketenagakerjaan", page_width=A4[0], margin=left_margin,
                                     baseline=9 * mm, printed_on=statement.generated_on, rule_at=13 * mm,
                                     running_head=running_head, page_height=A4[1])

    def p(value, style=cell) -> Paragraph:
        return Paragraph(escape(str(value)), style)

    story = [
        Paragraph(escape(_("Rekening Koran Iuran")), title),
        Paragraph(escape(employer.branch.name), subtitle),
        Spacer(1, 4 * mm),
    ]
    identity = [
        (_("NPP"), employer.npp), (_("Nama pemberi kerja"), employer.name),
        (_("Kantor cabang"), _branch_text(statement)), (_("Alamat"), _address_text(statement)),
        (_("Periode"), _period_text(statement)),
    ]
    identity_table = Table([[p(k, head), p(v)] for k, v in identity], colWidths=[28 * mm, width / 2 - 32 * mm])
    identity_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    summary_rows = _summary_rows(statement)
    closing_index = 6
    summary_cells = []
    for index, (name, amount) in enumerate(summary_rows):
        strong = index in (0, closing_index)
        summary_cells.append([p(name, head if strong else (small if index > closing_index else cell)),
                              p(format_rupiah(amount), num_bold if strong else num)])
    summary_table = Table(summary_cells, colWidths=[width / 2 - 38 * mm, 34 * mm])
    summary_table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.5, line),
        ("BACKGROUND", (0, closing_index), (-1, closing_index), green),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
    ]))
    top = Table([[identity_table, summary_table]], colWidths=[width / 2, width / 2])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    story += [top, Spacer(1, 5 * mm)]

    header = [p(_("Tanggal"), head), p(_("Uraian"), head), p(_("Jatuh tempo"), head), p(_("Debet (Rp)"), head_num),
              p(_("Kredit (Rp)"), head_num), p(_("Saldo (Rp)"), head_num)]
    rows = [header, [p(format_date(statement.opening_date), day), p(_("Saldo awal"), head), "", "", "",
                     p(format_number(statement.opening), num_bold)]]
    muted_rows = []
    for entry in statement.entries:
        text = f"<b>{escape(entry.description)}</b>"
        if entry.kind == EntryKind.PAYMENT and entry.reversed:
            text = f"<strike>{escape(entry.description)}</strike> {escape(_('(dibatalkan)'))}"
        extra = [entry.note] if entry.note else []
        if entry.programmes:
            extra.append(_programmes_text(entry))
        extra += _allocation_lines(entry)
        if extra:
            text += "".join(f'<br/><font size="7" color="#666666">{escape(x)}</font>' for x in extra)
        rows.append([
            p(format_date(entry.on), day), Paragraph(text, cell),
            p(format_date(entry.due_date) if entry.due_date else "", day),
            p(format_number(entry.debit), num) if entry.debit else "",
            p(format_number(entry.credit), num) if entry.credit else "",
            p(format_number(entry.balance), num),
        ])
        if entry.reversed:
            muted_rows.append(len(rows) - 1)
    totals = statement.totals
    rows.append(["", p(_("Jumlah"), head), "", p(format_number(totals.debit), num_bold),
                 p(format_number(totals.credit), num_bold), ""])
    rows.append([p(format_date(statement.date_to), day), p(_closing_label(statement), head), "", "", "",
                 p(format_number(statement.closing), num_bold)])
    widths = [26 * mm, None, 26 * mm, 22 * mm, 22 * mm, 24 * mm]
    widths[1] = width - sum(w for w in widths if w)
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), green),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, line),
        ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#F3F6F4")),
        ("BACKGROUND", (0, -2), (-1, -1), colors.HexColor("#F3F6F4")),
        ("LINEABOVE", (0, -2), (-1, -2), 0.8, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("TEXTCOLOR", (0, r), (-1, r), grey) for r in muted_rows]
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 4 * mm)]
    notes = [
        _("Saldo positif adalah kewajiban pemberi kerja (iuran dan denda yang belum dibayar); saldo negatif "
          "adalah kelebihan bayar yang dipakai untuk tagihan berikutnya."),
        _("Iuran dicatat pada hari pertama bulan iurannya; denda keterlambatan dihitung per program menurut "
          "peraturan yang berlaku sampai %(date)s. Alokasi pembayaran ke bulan dan program tidak mengubah "
          "saldo. Pembayaran yang dibatalkan dianggap tidak pernah ada. Denda administratif tidak termasuk.")
        % {"date": format_date(statement.date_to)},
    ]
    story += [Paragraph(escape(n), small) for n in notes]

    output = io.BytesIO()
    doc = SimpleDocTemplate(
        output, pagesize=A4, leftMargin=left_margin, rightMargin=right_margin, topMargin=14 * mm,
        bottomMargin=18 * mm, title=_("Rekening Koran Iuran") + f" {employer.npp}",
        author="BPJS Ketenagakerjaan — Sinergi", subject=_period_text(statement), creator="Sinergi",
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return output.getvalue()
