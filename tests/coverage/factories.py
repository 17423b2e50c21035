"""A small coverage world: employers, employments, bills and payments around May 2025, and BPU members.

Built from the registry and ledger factories, so the facts are computed from the same kind of rows the
billing run and the allocation write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sinergi.receivables.models import Bill, BillingRun, BillLine, Payer
from sinergi.regions.models import Region
from sinergi.registry.models import BpuParticipant, Employer
from sinergi.rentan.payments.services import programme_wadah_ensure
from tests.registry.factories import bill_make, employer_make, employment_make, payment_make, worker_make
from tests.rentan.conftest import kukar_programme
from tests.world import unit

MAY = dt.date(2025, 5, 1)
APRIL = dt.date(2025, 4, 1)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def wadah_bill(*, employer: Employer, period: dt.date, participants: int) -> Bill:
    """A reconciled rentan month as batch_reconcile leaves it: JKK and JKM lines with payer pemda."""
    run = BillingRun.objects.create(period=period, branch=employer.branch, status=BillingRun.Status.SUCCEEDED,
                                    org_unit=employer.branch)
    amounts = {"JKK": Decimal(10_000 * participants), "JKM": Decimal(6_800 * participants)}
    bill = Bill.objects.create(employer=employer, period=period, due_date=period.replace(day=28), created_run=run,
                               principal=sum(amounts.values()))
    BillLine.objects.bulk_create([
        BillLine(bill=bill, run=run, programme=programme, payer=Payer.PEMDA, workers=participants, base=0,
                 rate=0, amount=amount, reference="uji rentan") for programme, amount in amounts.items()])
    return bill


@dataclass
class CoverageWorld:
    employers: dict[str, Employer] = field(default_factory=dict)
    bills: dict[str, Bill] = field(default_factory=dict)


def coverage_world() -> CoverageWorld:
    """Balikpapan (64.71): PT Teluk pays May in full; its workers start and end around May. Kupang (53.71):
    CV Sasando is billed May but pays only its JKK; PT Flobamora's payment was reversed; PT Jembatan
    (a construction project) was billed April, not May. Kukar (64.02): a rentan programme's wadah, billed and
    paid May, and a BPU mandiri member in Kupang."""
    w = CoverageWorld()
    teluk = employer_make(branch="bpjs-cabang-balikpapan", name="PT Teluk", sector="C", region=region("64.71"))
    for start, end, flags in [
        (dt.date(2023, 1, 1), None, {}),                       # all month
        (dt.date(2025, 5, 15), None, {}),                      # starts mid-May: counted
        (dt.date(2022, 1, 1), dt.date(2025, 5, 10), {}),       # ends mid-May: counted
        (dt.date(2022, 1, 1), dt.date(2025, 4, 30), {}),       # ended in April: not counted
        (dt.date(2025, 6, 1), None, {}),                       # starts in June: not counted
        (dt.date(2024, 1, 1), None, {"jp": False}),            # no JP
    ]:
        employment_make(worker=worker_make(region=region("64.71")), employer=teluk, start=start, end=end, **flags)
    rehired = worker_make(region=region("64.71"))  # two employments in May with the same employer: counted once
    employment_make(worker=rehired, employer=teluk, start=dt.date(2024, 1, 1), end=dt.date(2025, 5, 5))
    employment_make(worker=rehired, employer=teluk, start=dt.date(2025, 5, 20))
    w.bills["teluk"] = bill_make(employer=teluk, period=MAY, workers=5)
    payment_make(employer=teluk, amount=int(w.bills["teluk"].principal), paid_on=dt.date(2025, 6, 10),
                 allocations=[(w.bills["teluk"], int(w.bills["teluk"].principal))])
    w.employers["teluk"] = teluk

    sasando = employer_make(branch="bpjs-cabang-kupang", name="CV Sasando", sector="G", region=region("53.71"))
    employment_make(worker=worker_make(), employer=sasando, start=dt.date(2024, 3, 1))
    employment_make(worker=worker_make(), employer=sasando, start=dt.date(2024, 3, 1))
    w.bills["sasando"] = bill_make(employer=sasando, period=MAY, base=10_000_000)
    jkk = 10_000_000 * Decimal("0.0024")
    payment_make(employer=sasando, amount=int(jkk), paid_on=dt.date(2025, 6, 12),
                 allocations=[(w.bills["sasando"], int(jkk))])
    w.employers["sasando"] = sasando

    flobamora = employer_make(branch="bpjs-cabang-kupang", name="PT Flobamora", sector="H", region=region("53.71"))
    employment_make(worker=worker_make(), employer=flobamora, start=dt.date(2024, 3, 1))
    w.bills["flobamora"] = bill_make(employer=flobamora, period=MAY)
    payment_make(employer=flobamora, amount=int(w.bills["flobamora"].principal), paid_on=dt.date(2025, 6, 1),
                 allocations=[(w.bills["flobamora"], int(w.bills["flobamora"].principal))], reversed=True)
    w.employers["flobamora"] = flobamora

    jembatan = employer_make(branch="bpjs-cabang-kupang", name="PT Jembatan Timor", sector="F",
                             region=region("53.71"), is_construction_project=True)
    employment_make(worker=worker_make(), employer=jembatan, start=dt.date(2025, 3, 1))
    w.bills["jembatan_april"] = bill_make(employer=jembatan, period=APRIL)
    w.employers["jembatan"] = jembatan

    programme = kukar_programme()
    wadah = programme_wadah_ensure(programme=programme, actor=None)
    for _ in range(3):
        BpuParticipant.objects.create(
            worker=worker_make(region=region("64.02")), branch=unit("bpjs-cabang-tenggarong"), occupation="Nelayan",
            declared_income=1_000_000, funding=BpuParticipant.Funding.APBD, funder=unit("pemkab-kukar"),
            programme_code=programme.code, start_date=dt.date(2025, 1, 1))
    w.bills["wadah"] = wadah_bill(employer=wadah, period=MAY, participants=3)
    payment_make(employer=wadah, amount=int(w.bills["wadah"].principal), paid_on=dt.date(2025, 6, 5),
                 allocations=[(w.bills["wadah"], int(w.bills["wadah"].principal))])
    w.employers["wadah"] = wadah

    BpuParticipant.objects.create(
        worker=worker_make(region=region("53.71")), branch=unit("bpjs-cabang-kupang"), occupation="Ojek Daring",
        declared_income=2_000_000, jht=True, start_date=dt.date(2025, 5, 20))
    return w
