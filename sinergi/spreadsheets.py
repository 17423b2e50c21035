"""Writing user-supplied text into spreadsheets safely.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or line break before one) is read by
Excel and LibreOffice as a formula: an employer name typed as ``=HYPERLINK(…)`` would run when a branch
officer opens an export (OWASP "CSV/formula injection"). Every report and export writes user text through
``neutralise``, which prefixes such text with an apostrophe, and clips it to what one cell holds.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL = 32_767  # characters one XLSX cell holds


def neutralise(value) -> str:
    """The cell text of ``value``, inert for a spreadsheet (None becomes the empty string)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text[:MAX_CELL]
