"""What every Sinergi PDF report shares: a footer with the print date, the title and "Halaman n dari m".

reportlab only knows the page count once the document is finished, so the canvas keeps each page's state
and draws the footers in ``save``. (The employer statement draws a richer footer of its own.)
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sinergi.formatting import format_date
from sinergi.rules.periods import today


def numbered_canvas(*, title: str, page_width: float, margin: float, baseline: float):
    """A reportlab canvas class whose pages carry the standard footer at ``baseline`` (points)."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen import canvas as pdfcanvas

    grey = HexColor("#666666")
    printed = _("Dicetak %(date)s") % {"date": format_date(today())}

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
                self.drawString(margin, baseline, f"{printed} · Sinergi — {title}"[:150])
                self.drawRightString(page_width - margin, baseline, _("Halaman %(page)s dari %(total)s") % {
                    "page": self._pageNumber, "total": total})
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas
