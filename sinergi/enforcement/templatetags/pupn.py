"""``{% pupn_notice employer %}``: the ledger pages' note that an employer's receivable was handed to PUPN.

The ledger itself is not changed by a handover (its bills stay as they were); this note is how the
statement and the employer page tell the reader that the KPKNL now collects them.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sinergi.enforcement.pupn.services import employer_pupn_status
from sinergi.formatting import format_date

register = template.Library()


@register.simple_tag
def pupn_notice(employer) -> str:
    pupn_case = employer_pupn_status(employer.pk) if employer is not None else None
    if pupn_case is None:
        return ""
    handover = pupn_case.handover
    text = _("Diserahkan ke PUPN (%(kpknl)s) sejak %(date)s, berita acara %(number)s: %(months)s bulan tagihan. "
             "Tagihan tetap tercatat di buku piutang; penagihannya dilakukan oleh PUPN.") % {
        "kpknl": handover.kpknl.name, "date": format_date(handover.dated), "number": handover.number,
        "months": len(pupn_case.bill_ids)}
    return format_html('<div class="alert alert-warning py-2" role="status" data-testid="pupn-notice">{}</div>', text)
