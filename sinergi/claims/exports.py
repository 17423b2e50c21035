"""The claims list as XLSX: the rows the user sees with the list's filters, rupiah as numbers, dates as
dates, every text neutralised against formula injection. NIKs and bank accounts are not in the file."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from django.utils.translation import gettext as _

from sinergi.spreadsheets import neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def claims_xlsx(queryset) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Klaim"))
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True})
    rupiah = workbook.add_format({"num_format": '"Rp" #,##0'})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    columns = [(_("Nomor klaim"), 24), (_("Tanggal pengajuan"), 12), (_("Kantor cabang"), 30),
               (_("Program"), 8), (_("Kejadian"), 30), (_("Tanggal kejadian"), 12), (_("Nomor KPJ"), 14),
               (_("Tenaga kerja"), 30), (_("NPP"), 11), (_("Pemberi kerja"), 34), (_("Pemohon"), 28),
               (_("Memenuhi syarat"), 10), (_("Nilai manfaat (Rp)"), 16),
               (_("Tunggakan pemberi kerja pada tanggal kejadian (Rp)"), 18), (_("Status"), 18),
               (_("Alasan penolakan"), 28), (_("Tanggal bayar"), 12)]
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    sheet.freeze_panes(1, 0)

    def when(row, col, value):
        if value:
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), day)

    for row, c in enumerate(queryset.iterator(chunk_size=2000), start=1):
        sheet.write_string(row, 0, neutralise(c.number))
        when(row, 1, c.submitted_on)
        sheet.write_string(row, 2, neutralise(c.branch.name))
        sheet.write_string(row, 3, c.programme.upper())
        sheet.write_string(row, 4, neutralise(c.get_event_display()))
        when(row, 5, c.event_date)
        sheet.write_string(row, 6, neutralise(c.worker.kpj or ""))
        sheet.write_string(row, 7, neutralise(c.worker.name))
        sheet.write_string(row, 8, neutralise(c.employer.npp if c.employer else ""))
        sheet.write_string(row, 9, neutralise(c.employer.name if c.employer else ""))
        sheet.write_string(row, 10, neutralise(c.claimant_name))
        sheet.write_string(row, 11, _("ya") if c.eligible else _("tidak"))
        sheet.write_number(row, 12, float(c.amount), rupiah)
        sheet.write_number(row, 13, float(c.employer_arrears), rupiah)
        sheet.write_string(row, 14, neutralise(c.get_status_display()))
        sheet.write_string(row, 15, neutralise(c.get_rejection_reason_display() if c.rejection_reason else ""))
        when(row, 16, c.paid_on)
    workbook.close()
    return output.getvalue()
