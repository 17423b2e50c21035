"""Demo step for PUPN: Kalimantan's 22 candidates (source 000), checked from the data and left to hand over.

The seed says Kanwil Kalimantan handed 22 bad debtors (about Rp 2 miliar) to four KPKNL offices. The demo
reproduces the *candidates* from the ledger — the receivables step plants them — and leaves the handover to
the people of the demo (``bpp.piutang`` opens PUPN/KPKNL → Calon penyerahan and hands over one KPKNL's batch;
``kpknl.balikpapan`` then records the PUPN stages), so ``sinergi enforcement pupn-candidates --kanwil
bpjs-kanwil-kalimantan`` shows the seed's table from data. Handing them over here would take them off that
list. The step writes nothing and is therefore idempotent; it logs the candidates per KPKNL.
"""

from __future__ import annotations

from collections.abc import Callable

from sinergi.formatting import format_rupiah, format_rupiah_short
from sinergi.orgs.models import OrgUnit

KANWIL = "bpjs-kanwil-kalimantan"


def demo_pupn(options, log: Callable[[str], None]) -> None:
    from sinergi.enforcement.pupn import pupn_candidates

    kanwil = OrgUnit.objects.filter(code=KANWIL).first()
    if kanwil is None:
        log("PUPN demo: Kanwil Kalimantan belum dimuat; langkah ini dilewati")
        return
    screen = pupn_candidates(unit=kanwil)
    groups = ", ".join(f"{g['kpknl'].name} {g['employers']}" for g in screen.by_kpknl())
    log(f"calon penyerahan PUPN Kanwil Kalimantan (PMK 52/2024, minimal {format_rupiah(screen.minimum)}): "
        f"{len(screen.eligible)} pemberi kerja, iuran {format_rupiah_short(screen.principal)} "
        f"({format_rupiah(screen.principal)}); {groups}; diblokir {len(screen.blocked)}")
