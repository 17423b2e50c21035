"""What every Sinergi PDF report shares: a footer with the print date, the title and "Halaman n dari m".

reportlab only knows the page count once the document is finished, so the canvas keeps each page's state
and draws the footers in ``save``. A document may add a rule above the footer and a running head on the pages
after the first (the employer statement does).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from sinergi.clock import today
from sinergi.formatting import format_date


def numbered_canvas(*, title: str, page_width: float, margin: float, baseline: float,
                    printed_on: dt.date | None = None, rule_at: float | None = None, running_head: str = "",
                    page_height: float | None = None):
    """A reportlab canvas class whose pages carry the standard footer at ``baseline`` (points): the print date
    (``printed_on``, default today), "Sinergi — ``title``" and "Halaman n dari m". ``rule_at``: the height of a
    thin rule across the page above the footer. ``running_head``: a line at the top of every page but the
    first (needs ``page_height``)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas as pdfcanvas

    grey, line = HexColor("#666666"), HexColor("#BBBBBB")
    printed = _("Dicetak %(date)s") % {"date": format_date(printed_on or today())}

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 — reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont("Helvetica", 7.5)
                self.setFillColor(grey)
                if rule_at is not None:
                    self.setStrokeColor(line)
                    self.line(margin, rule_at, page_width - margin, rule_at)
                self.drawString(margin, baseline, f"{printed} · Sinergi — {title}"[:150])
                self.drawRightString(page_width - margin, baseline, _("Halaman %(page)s dari %(total)s") % {
                    "page": self._pageNumber, "total": total})
                if running_head and page_height and self._pageNumber > 1:
                    self.drawString(margin, page_height - 10 * mm, running_head[:120])
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas
