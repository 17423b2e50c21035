"""The monthly facts: computed set-wise, held equal to a direct count from the registry through the ORM."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum

from sinergi.audit.models import AuditEvent
from sinergi.coverage.models import CoverageFact
from sinergi.coverage.services import coverage_facts_compute, coverage_facts_scale, month_end
from sinergi.receivables.models import Allocation, BillLine, Payment
from sinergi.registry.models import PROGRAMMES, BpuParticipant, Employment
from sinergi.rentan.models import Programme as RentanProgramme
from tests.coverage.factories import MAY, coverage_world
from tests.world import person, unit

pytestmark = pytest.mark.django_db

PAID_BY = dt.date(2025, 7, 31)


def _billed_and_paid(employer_id, month, programme: str, paid_by) -> tuple[Decimal, Decimal]:
    billed = BillLine.objects.filter(bill__employer_id=employer_id, bill__period=month,
                                     programme=programme.upper()).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    paid = Allocation.objects.filter(
        bill__employer_id=employer_id, bill__period=month, programme=programme.upper(), component="principal",
        reversed=False, payment__status=Payment.Status.POSTED, payment__paid_on__lte=paid_by,
    ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return billed, paid


def direct_count(month: dt.date, definition: str, paid_by: dt.date) -> dict[tuple, int]:
    """The facts as a person would count them from the records, one record at a time."""
    last = month_end(month)
    cells: dict[tuple, set[int]] = defaultdict(set)

    def active(employer_id, programme):
        billed, paid = _billed_and_paid(employer_id, month, programme, paid_by)
        return billed > 0 and (definition == "billed" or paid >= billed)

    for e in Employment.objects.select_related("employer").filter(start_date__lte=last):
        if e.end_date is not None and e.end_date < month:
            continue
        r = e.employer
        region = r.region_id or ""
        for programme in PROGRAMMES:
            if getattr(e, programme) and active(r.pk, programme):
                segment = "jakon" if r.is_construction_project else "pu"
                cells[(region[:5] if len(region) >= 5 else "", r.branch_id, r.sector, segment, programme)].add(
                    e.worker_id)
    for bp in BpuParticipant.objects.select_related("worker").filter(start_date__lte=last):
        if bp.end_date is not None and bp.end_date < month:
            continue
        region = bp.worker.region_id or ""
        for programme in ("jkk", "jkm") + (("jht",) if bp.jht else ()):
            if bp.funding == "apbd":
                wadah = RentanProgramme.objects.filter(code=bp.programme_code).values_list("employer_id", flat=True)
                if not wadah or not wadah[0] or not active(wadah[0], programme):
                    continue
            segment = "bpu_rentan" if bp.funding == "apbd" else "bpu"
            cells[(region[:5] if len(region) >= 5 else "", bp.branch_id, bp.occupation.strip().lower()[:40],
                   segment, programme)].add(bp.worker_id)
    return {key: len(workers) for key, workers in cells.items()}


def stored(month: dt.date, definition: str) -> dict[tuple, int]:
    return {(f.regency_code, f.branch_id, f.sector, f.segment, f.programme): f.participants
            for f in CoverageFact.objects.filter(month=month, definition=definition)}


@pytest.mark.parametrize("definition", ["billed", "paid"])
def test_the_stored_facts_equal_a_direct_count_of_the_registry(definition):
    coverage_world()
    coverage_facts_compute(month=MAY, definition=definition, actor=person("sari"), paid_by=PAID_BY)
    assert stored(MAY, definition) == direct_count(MAY, definition, PAID_BY)


def test_billed_may_counts_mid_month_starts_and_ends_but_not_april_or_june():
    coverage_world()
    coverage_facts_compute(month=MAY, definition="billed", actor=person("sari"), paid_by=PAID_BY)
    facts = stored(MAY, "billed")
    balikpapan = unit("bpjs-cabang-balikpapan").pk
    assert facts[("64.71", balikpapan, "C", "pu", "jkk")] == 5  # the rehired worker once
    assert facts[("64.71", balikpapan, "C", "pu", "jp")] == 4  # one of the five has no JP


def test_a_month_not_billed_counts_nobody_of_that_employer():
    coverage_world()
    coverage_facts_compute(month=MAY, definition="billed", actor=person("sari"), paid_by=PAID_BY)
    assert not CoverageFact.objects.filter(month=MAY, segment="jakon").exists()


def test_billed_but_unpaid_counts_under_billed_only_programme_by_programme():
    coverage_world()
    for definition in ("billed", "paid"):
        coverage_facts_compute(month=MAY, definition=definition, actor=person("sari"), paid_by=PAID_BY)
    kupang = unit("bpjs-cabang-kupang").pk
    billed, paid = stored(MAY, "billed"), stored(MAY, "paid")
    assert billed[("53.71", kupang, "G", "pu", "jht")] == 2 and ("53.71", kupang, "G", "pu", "jht") not in paid
    assert paid[("53.71", kupang, "G", "pu", "jkk")] == 2  # CV Sasando paid its JKK
    assert billed[("53.71", kupang, "H", "pu", "jkk")] == 1  # PT Flobamora's payment was reversed
    assert ("53.71", kupang, "H", "pu", "jkk") not in paid


def test_a_payment_after_paid_by_does_not_count_yet():
    coverage_world()
    coverage_facts_compute(month=MAY, definition="paid", actor=person("sari"), paid_by=dt.date(2025, 6, 9))
    assert not CoverageFact.objects.filter(month=MAY, definition="paid", regency_code="64.71").exists()


def test_bpu_rentan_counts_through_the_wadah_and_reaches_the_pemda_scope():
    coverage_world()
    coverage_facts_compute(month=MAY, definition="paid", actor=person("sari"), paid_by=PAID_BY)
    rentan = CoverageFact.objects.get(month=MAY, definition="paid", segment="bpu_rentan", programme="jkk")
    assert rentan.participants == 3 and rentan.regency_code == "64.02" and rentan.sector == "nelayan"
    assert rentan.pemda_regency == unit("pemkab-kukar")
    assert rentan.disnaker_regency.opd_type == "disnaker"
    assert not CoverageFact.objects.filter(month=MAY, segment="bpu_rentan", programme="jht").exists()
    mandiri = CoverageFact.objects.filter(month=MAY, definition="paid", segment="bpu")
    assert {f.programme for f in mandiri} == {"jkk", "jkm", "jht"}


def test_recomputing_is_idempotent_and_audited_once_per_run():
    coverage_world()
    first = coverage_facts_compute(month=MAY, definition="billed", actor=person("sari"), paid_by=PAID_BY)
    before = stored(MAY, "billed")
    second = coverage_facts_compute(month=MAY, definition="billed", actor=person("sari"), paid_by=PAID_BY)
    assert stored(MAY, "billed") == before
    assert second["deleted"] == first["rows"] == second["rows"]
    assert AuditEvent.objects.filter(action="coverage.facts_compute").count() == 2


def test_the_demo_scale_keeps_the_cells_adding_up_to_the_scaled_total():
    coverage_world()
    coverage_facts_compute(month=MAY, definition="billed", actor=None, paid_by=PAID_BY)
    raw = sum(f.participants for f in CoverageFact.objects.filter(province_code="53", programme="jkk"))
    factor = Decimal("77.295286")
    coverage_facts_scale(months=[MAY], province_code="53", factor=factor, actor=None)
    scaled = CoverageFact.objects.filter(province_code="53", programme="jkk", definition="billed")
    assert sum(f.participants for f in scaled) == int((raw * factor).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    assert {f.scale for f in scaled} == {factor}
    assert CoverageFact.objects.filter(province_code="64", scale=1).exists()  # another province is untouched
    before = [f.participants for f in scaled.order_by("id")]
    coverage_facts_scale(months=[MAY], province_code="53", factor=factor, actor=None)
    assert [f.participants for f in scaled.order_by("id")] == before


def test_an_unknown_definition_is_refused():
    with pytest.raises(ValueError):
        coverage_facts_compute(month=MAY, definition="lunas", actor=None)
