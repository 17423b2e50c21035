"""Demo coverage: workforce estimates for NTT and Kaltim, and the monthly facts of the demo ledger.

``demo_coverage(options, log)`` is the ``sinergi demo`` step after the receivables and the vulnerable
workers (it counts their employments, bills, payments and BPU members):

1. **Denominators** through the real import (``coverage.imports.workforce_import``, a CSV written to a
   temporary file): NTT (53) 2025 = 1.676.573, the "potensi" of source 001 (May 2025), confidence C2;
   Kaltim (64) 2022 = 1.900.000, a round demo figure (confidence R, not a BPS release: the source documents
   give no Kaltim workforce).
2. **Facts**: ``coverage_facts_compute`` for every month the demo ledger bills (both definitions) that has no
   facts yet, so a second run adds nothing and a run after the calendar moved on computes only the new
   months.
3. **Scale (NTT)**: the demo has one branch in NTT with a few thousand workers, the province has 1,7 juta
   workers. The facts of province 53 are multiplied by ``factor = 541.067 / P`` (six decimals), P being the
   demo's own active JKK participants of May 2025 under the default definition, so that May 2025 reads the
   541.067 of source 001 (32,27 % of 1.676.573); every NTT month gets the same factor, so the trend and the
   growth are those of the demo registry. The factor is recorded in the ``demo.coverage`` audit event and
   shown on screen ("angka demo diskalakan ×N").

Not reproduced: Kaltim November 2022 (935.910 against 820.290, transport +25 %, source 002). The demo ledger
starts 36 months before today, so there are no 2021–2022 bills to count, and inventing them would change
the receivables demo (the 22 macet employers). The report computes that growth from any two numbers (tests
hold 935.910 vs 820.290 to +14,1 %); the demo's Kaltim figures are its own registry's, unscaled.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db.models import Sum

from sinergi.audit.models import AuditEvent
from sinergi.audit.services import audit_record
from sinergi.coverage.imports import sakernas_example, workforce_import
from sinergi.coverage.models import CoverageFact, WorkforceEstimate
from sinergi.coverage.services import coverage_facts_compute, coverage_facts_scale
from sinergi.receivables.models import Bill
from sinergi.rules.coverage import DEFINITIONS, active_definition

AUDIT_ACTION = "demo.coverage"
NTT, KALTIM = "53", "64"
NTT_TARGET_MONTH = date(2025, 5, 1)
NTT_TARGET = 541_067  # source 001: "541.067 peserta aktif" in May 2025
ESTIMATES = [  # source, code, name, year, value, confidence, publication
    ("Demo: potensi tenaga kerja (sumber 001)", NTT, "Nusa Tenggara Timur", 2025, 1_676_573, "C2",
     "Monev BPJS TK NTT dan Kejati NTT, 12 Juni 2025"),
    ("Demo: angka bulat (bukan rilis BPS)", KALTIM, "Kalimantan Timur", 2022, 1_900_000, "R",
     "Angka demo; ganti dengan Sakernas Agustus"),
]


def _estimates() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for source, code, name, year, value, confidence, publication in ESTIMATES:
            if WorkforceEstimate.objects.filter(source=source, region_id=code, year=year, value=value).exists():
                continue
            path = sakernas_example(Path(folder) / f"{code}.csv", [(code, name, year, value)])
            result = workforce_import(path=path, source=source, actor=None, publication=publication,
                                      confidence=confidence)
            if result.status != "applied":
                raise RuntimeError(f"demo workforce import failed: {result.message}")


def demo_coverage(options, log: Callable[[str], None]) -> None:
    """The demo step (see the module docstring)."""
    started = time.perf_counter()
    _estimates()
    months = sorted(set(Bill.objects.values_list("period", flat=True).distinct()))
    done = set(CoverageFact.objects.values_list("month", flat=True).distinct())
    todo = [m for m in months if m not in done]
    for month in todo:
        for definition in DEFINITIONS:
            coverage_facts_compute(month=month, definition=definition, actor=None)
    previous = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("id").first()
    factor = Decimal(previous.after["factor"]) if previous and previous.after.get("factor") else None
    if factor is None and NTT_TARGET_MONTH in months:
        default = active_definition(on=NTT_TARGET_MONTH).code
        raw = (CoverageFact.objects.filter(month=NTT_TARGET_MONTH, definition=default, programme="jkk",
                                           province_code=NTT).aggregate(s=Sum("participants"))["s"] or 0)
        if raw:
            factor = (Decimal(NTT_TARGET) / Decimal(raw)).quantize(Decimal("0.000001"))
    if factor is not None and todo:
        coverage_facts_scale(months=todo, province_code=NTT, factor=factor, actor=None)
    if previous is None:
        audit_record(actor=None, action=AUDIT_ACTION, object_type="demo", object_id="coverage",
                     object_repr="Demo cakupan", after={"factor": str(factor) if factor else "", "months": len(todo)})
    log(f"cakupan: {len(todo)} bulan dihitung (dua definisi), skala NTT ×{factor or 1} "
        f"({time.perf_counter() - started:.1f} detik)")
