"""The employer statement page, ``/pemberi-kerja/<pk>/rekening-koran/?dari=YYYY-MM-DD&sampai=YYYY-MM-DD``,
and its downloads (``&format=xlsx``, ``&format=pdf``).

Default period: twelve contribution months, the current one included — from the first day of the month
eleven months back to today. Reading a statement changes nothing and writes no audit event.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.clock import today
from sinergi.orgs.scoping import user_can
from sinergi.receivables.statement import statement_build
from sinergi.receivables.statement_exports import (
    XLSX_CONTENT_TYPE,
    statement_filename,
    statement_pdf,
    statement_xlsx,
)
from sinergi.rules.periods import add_months
from sinergi.web.decorators import capability_required

# Earlier dates are typing errors (Jamsostek itself began in 1977); they would also overflow "the day before".
EARLIEST = dt.date(1970, 1, 1)


def statement_period(params, *, on: dt.date) -> tuple[dt.date, dt.date, list[str]]:
    """``dari`` and ``sampai`` from the query string, with the defaults and a warning per value replaced."""
    warnings = []

    def parse(name: str, default: dt.date, label: str) -> dt.date:
        raw = (params.get(name) or "").strip()
        if not raw:
            return default
        try:
            value = dt.date.fromisoformat(raw)
            if value < EARLIEST:
                raise ValueError(raw)
            return value
        except ValueError:
            warnings.append(_("Tanggal %(label)s tidak valid; dipakai %(date)s.") % {
                "label": label, "date": default.isoformat()})
            return default

    date_to = parse("sampai", on, _("akhir"))
    if date_to > on:
        warnings.append(_("Tanggal akhir tidak boleh di masa depan; dipakai hari ini."))
        date_to = on
    date_from = parse("dari", add_months(date_to.replace(day=1), -11), _("awal"))
    if date_from > date_to:
        warnings.append(_("Tanggal awal sesudah tanggal akhir; keduanya ditukar."))
        date_from, date_to = date_to, date_from
    return date_from, date_to, warnings


@require_GET
@capability_required("registry.view")
def statement(request, pk: int):
    date_from, date_to, warnings = statement_period(request.GET, on=today())
    fmt = request.GET.get("format", "")
    # The downloads follow the employer list's XLSX: leaving the screen with the data needs registry.export.
    if fmt in ("xlsx", "pdf") and not user_can(request.user, "registry.export"):
        raise PermissionDenied
    result = statement_build(user=request.user, employer_pk=pk, date_from=date_from, date_to=date_to)
    if fmt == "xlsx":
        response = HttpResponse(statement_xlsx(result), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{statement_filename(result, "xlsx")}"'
        return response
    if fmt == "pdf":
        response = HttpResponse(statement_pdf(result), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{statement_filename(result, "pdf")}"'
        return response
    return render(request, "receivables/statement.html", {
        "statement": result, "employer": result.employer, "warnings": warnings,
        "can_export": user_can(request.user, "registry.export"),
    })
