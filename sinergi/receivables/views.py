from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sinergi import clock
from sinergi.formatting import format_date
from sinergi.receivables.aging import BUCKETS, CLASSES
from sinergi.receivables.selectors import aging_for, branches_visible
from sinergi.spreadsheets import neutralise
from sinergi.web.decorators import capability_required

CLASS_LABELS = {"lancar": _lazy("Lancar"), "kurang_lancar": _lazy("Kurang lancar"), "diragukan": _lazy("Diragukan"),
                "macet": _lazy("Macet")}


def _as_of(request) -> tuple[dt.date, str]:
    raw = request.GET.get("as_of", "")
    today = clock.today()
    if not raw:
        return today, ""
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        return today, _("Tanggal posisi tidak valid; dipakai hari ini.")
    if value > today:
        return today, _("Tanggal posisi tidak boleh di masa depan; dipakai hari ini.")
    return value, ""


@capability_required("receivables.aging")
def aging(request):
    branches = list(branches_visible(user=request.user))
    by_id = {b.pk: b for b in branches}
    branch = None
    try:
        branch = by_id.get(int(request.GET.get("branch") or 0))
    except ValueError:
        branch = None
    as_of, warning = _as_of(request)
    result = aging_for(user=request.user, as_of=as_of, branch=branch)
    if request.GET.get("format") == "xlsx":
        return _aging_xlsx(result, by_id, branch)
    rows = []
    for branch_id, classes in sorted(result.by_branch.items(), key=lambda kv: by_id[kv[0]].name if kv[0] in by_id else ""):
        total_amount = sum(t.amount for t in classes.values())
        rows.append({"branch": by_id.get(branch_id), "classes": [classes[c] for c in CLASSES],
                     "employers": sum(t.employers for t in classes.values()), "amount": total_amount})
    return render(request, "receivables/aging.html", {
        "result": result, "branches": branches, "branch": branch, "as_of": as_of, "warning": warning,
        "classes": [(c, CLASS_LABELS[c], result.classes[c]) for c in CLASSES],
        "buckets": [(label, result.buckets[label]) for label, *_ in BUCKETS],
        "rows": rows, "class_codes": CLASSES,
    })


def _aging_xlsx(result, by_id, branch) -> HttpResponse:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(_("Umur piutang"))
    bold = book.add_format({"bold": True, "bg_color": "#DDEBE5", "border": 1})
    rupiah = book.add_format({"num_format": '"Rp" #,##0'})
    sheet.write(0, 0, _("Umur piutang iuran per %(date)s") % {"date": format_date(result.as_of)}, bold)
    sheet.write_string(1, 0, neutralise(_("Unit: %(unit)s")
                                        % {"unit": branch.name if branch else _("semua kantor cabang Anda")}))
    sheet.write_row(3, 0, [_("Kolektibilitas"), _("Pemberi kerja"), _("Tunggakan iuran (Rp)")], bold)
    for i, code in enumerate(CLASSES, start=4):
        sheet.write_row(i, 0, [str(CLASS_LABELS[code]), result.classes[code].employers])
        sheet.write_number(i, 2, float(result.classes[code].amount), rupiah)
    sheet.write_row(9, 0, [_("Bulan tunggakan"), _("Pemberi kerja"), _("Tunggakan iuran (Rp)")], bold)
    for i, (label, *_rest) in enumerate(BUCKETS, start=10):
        sheet.write_row(i, 0, [label, result.buckets[label].employers])
        sheet.write_number(i, 2, float(result.buckets[label].amount), rupiah)
    start = 11 + len(BUCKETS)
    sheet.write_row(start, 0, [_("Kantor cabang"), *[str(CLASS_LABELS[c]) for c in CLASSES], _("Jumlah (Rp)")], bold)
    for offset, (branch_id, classes) in enumerate(sorted(result.by_branch.items()), start=1):
        unit = by_id.get(branch_id)
        sheet.write_string(start + offset, 0, neutralise(unit.name if unit else str(branch_id)))
        for col, code in enumerate(CLASSES, start=1):
            sheet.write_number(start + offset, col, float(classes[code].amount), rupiah)
        sheet.write_number(start + offset, len(CLASSES) + 1, float(sum(t.amount for t in classes.values())), rupiah)
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, len(CLASSES) + 1, 18)
    book.close()
    response = HttpResponse(output.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="umur-piutang-{result.as_of.isoformat()}.xlsx"'
    return response
