"""Demo step for PUPN: Kalimantan's 22 candidates (source 000), checked from the data, and one batch handed over.

The seed says Kanwil Kalimantan handed 22 bad debtors (about Rp 2 miliar) to four KPKNL offices. The demo
reproduces the *candidates* from the ledger — the receivables step plants them — and hands **one batch** of
:data:`HANDED_OVER` of KPKNL Balikpapan's candidates over through the same services as the screens
(``pupn_handover_create`` then ``pupn_handover_submit`` as ``bpp.piutang``, berita acara
:func:`handover_number`, dated :data:`HANDED_OVER_DAYS_AGO` days back, on a working day), with its numbered
surat pengantar and the resume. So the PUPN screens show every state: the rest of the 22 wait on *Calon
penyerahan* for ``bpp.piutang`` to hand over, the batch is on *Penyerahan* with its documents, and
``kpknl.balikpapan`` finds it to record the PUPN stages; the other KPKNL do not see it.

Which candidates: a ``random.Random`` seeded with the demo's seed picks them among KPKNL Balikpapan's
candidates in NPP order, so the same data and seed give the same batch. Idempotent: when a handover with the
demo's berita acara number exists the step adds nothing. Demo constants, not law.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from sinergi.formatting import format_rupiah, format_rupiah_short
from sinergi.orgs.models import OrgUnit, User

KANWIL = "bpjs-kanwil-kalimantan"
KPKNL = "kpknl-balikpapan"
HANDED_BY = "bpp.piutang"  # the demo's receivables officer of BPJS Balikpapan
HANDED_OVER = 3
HANDED_OVER_DAYS_AGO = 14


def handover_number(year: int) -> str:
    """The berita acara number of the demo's batch (unique per year)."""
    return f"BA-001/PUPN/BALIKPAPAN/{year}"


def handover_date(on: date) -> date:
    """:data:`HANDED_OVER_DAYS_AGO` days before ``on``, moved back to a working day."""
    from sinergi.rules.workdays import is_working_day

    day = on - timedelta(days=HANDED_OVER_DAYS_AGO)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _hand_over(options, kanwil: OrgUnit, log: Callable[[str], None]) -> None:
    from sinergi.clock import today
    from sinergi.enforcement.models import PupnHandover
    from sinergi.enforcement.pupn.documents import DOCUMENTS
    from sinergi.enforcement.pupn.services import (
        PupnError,
        pupn_candidates,
        pupn_handover_create,
        pupn_handover_submit,
    )

    dated = handover_date(today())
    number = handover_number(dated.year)
    existing = PupnHandover.objects.filter(number__startswith="BA-001/PUPN/BALIKPAPAN/").first()
    if existing is not None:
        log(f"penyerahan PUPN demo: {existing.number} sudah ada")
        return
    actor = User.objects.filter(username=HANDED_BY).select_related("org_unit").first()
    kpknl = OrgUnit.objects.filter(code=KPKNL).first()
    if actor is None or kpknl is None:
        log(f"penyerahan PUPN demo: pengguna {HANDED_BY} atau {KPKNL} belum ada; tidak diserahkan")
        return
    pool = sorted(pupn_candidates(user=actor, unit=kanwil, kpknl=kpknl, on=dated).eligible, key=lambda c: c.npp)
    if len(pool) < HANDED_OVER:
        log(f"penyerahan PUPN demo: calon {kpknl.name} hanya {len(pool)}; tidak diserahkan")
        return
    chosen = sorted(random.Random(f"{options.seed}-pupn").sample(pool, HANDED_OVER), key=lambda c: c.npp)
    try:
        with transaction.atomic():
            draft = pupn_handover_create(kpknl=kpknl, employer_ids=[c.employer_id for c in chosen],
                                         documents={key: True for key, _label in DOCUMENTS}, actor=actor, on=dated)
            handover = pupn_handover_submit(handover=draft, number=number, dated=dated, actor=actor)
    except PupnError as exc:
        log(f"penyerahan PUPN demo: ditolak — {' '.join(exc.messages)}")
        return
    total = sum(c.amount for c in handover.cases.all())
    log(f"penyerahan PUPN demo: {handover.number} ke {kpknl.name}, {len(chosen)} pemberi kerja "
        f"({', '.join(c.npp for c in chosen)}), {format_rupiah(total)}, surat pengantar terbit")


def demo_pupn(options, log: Callable[[str], None]) -> None:
    from sinergi.enforcement.pupn.services import pupn_candidates

    kanwil = OrgUnit.objects.filter(code=KANWIL).first()
    if kanwil is None:
        log("PUPN demo: Kanwil Kalimantan belum dimuat; langkah ini dilewati")
        return
    _hand_over(options, kanwil, log)
    screen = pupn_candidates(unit=kanwil)
    groups = ", ".join(f"{g['kpknl'].name} {g['employers']}" for g in screen.by_kpknl())
    log(f"calon penyerahan PUPN Kanwil Kalimantan (PMK 52/2024, minimal {format_rupiah(screen.minimum)}): "
        f"{len(screen.eligible)} pemberi kerja, iuran {format_rupiah_short(screen.principal)} "
        f"({format_rupiah(screen.principal)}); {groups}; diblokir {len(screen.blocked)}")
