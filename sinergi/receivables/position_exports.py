"""The employer list as an XLSX file: the same rows the user sees on screen, without paging.

Rupiah are numbers (whole rupiah) with a number format, so the sheet can be summed and filtered. Text that
a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return at the start) is
prefixed with an apostrophe: a name typed as ``=HYPERLINK(…)`` by an employer stays text (OWASP CSV/formula
injection).
"""

from __future__ import annotations

import io

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sinergi.receivables.positions import COLLECTIBILITY_LABELS
from sinergi.registry.models import KBLI_SECTORS, Employer
from sinergi.spreadsheets import neutralise


def employers_xlsx(queryset: QuerySet[Employer]) -> bytes:
    """Write the annotated employer list (see ``selectors.employers_list``) to an XLSX workbook."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    sheet = workbook.add_worksheet(_("Pemberi kerja")[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1, "text_wrap": True})
    rupiah = workbook.add_format({"num_format": '"Rp" #,##0'})
    integer = workbook.add_format({"num_format": "0"})
    statuses = dict(Employer.Status.choices)
    columns = [
        (_("NPP"), 11), (_("Nama badan usaha"), 40), (_("Kantor cabang"), 34), (_("Sektor KBLI"), 8),
        (_("Nama sektor"), 30), (_("Status"), 10), (_("Tenaga kerja aktif"), 10), (_("Iuran ditagih (Rp)"), 16),
        (_("Iuran dibayar (Rp)"), 16), (_("Tunggakan iuran (Rp)"), 16), (_("Bulan menunggak"), 10),
        (_("Kolektibilitas"), 14),
    ]
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    rows = 0
    for rows, employer in enumerate(queryset.iterator(chunk_size=2000), start=1):
        texts = [
            employer.npp, employer.name, employer.branch.name, employer.sector,
            str(KBLI_SECTORS.get(employer.sector, "")), str(statuses.get(employer.status, employer.status)),
        ]
        for col, value in enumerate(texts):
            sheet.write_string(rows, col, neutralise(value))
        sheet.write_number(rows, 6, employer.workers, integer)
        sheet.write_number(rows, 7, int(employer.billed), rupiah)
        sheet.write_number(rows, 8, int(employer.paid), rupiah)
        sheet.write_number(rows, 9, int(employer.outstanding), rupiah)
        sheet.write_number(rows, 10, employer.months_in_arrears, integer)
        sheet.write_string(rows, 11, str(COLLECTIBILITY_LABELS.get(employer.latest_class, employer.latest_class or "")))
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(rows, 1), len(columns) - 1)
    workbook.close()
    return output.getvalue()
