"""Factory functions for registry and ledger records in tests: small, keyword-only, realistic enough.

Bills are made from a monthly wage base with the contribution lines of a risk-group-1 employer (JKK 0,24%,
JKM 0,30%, JHT 3,7% + 2%, JP 2% + 1%; JKP is funded by the government and billed nothing), so a test can
write the expected amount as legal arithmetic: ``10_000_000 * RATE_TOTAL``. These are test data, not the
law: the billing run takes its rates from the rules module.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sinergi.orgs.models import OrgUnit
from sinergi.receivables.models import (
    Allocation,
    Bill,
    BillingRun,
    BillLine,
    CollectibilitySnapshot,
    Payer,
    Payment,
)
from sinergi.registry.models import Employer, Employment, WageReport, Worker
from sinergi.rules.periods import add_months
from tests.world import unit

_sequence = itertools.count(1)

LINES = (  # programme, payer, rate
    ("JKK", Payer.EMPLOYER, Decimal("0.0024")),
    ("JKM", Payer.EMPLOYER, Decimal("0.0030")),
    ("JHT", Payer.EMPLOYER, Decimal("0.037")),
    ("JHT", Payer.WORKER, Decimal("0.02")),
    ("JP", Payer.EMPLOYER, Decimal("0.02")),
    ("JP", Payer.WORKER, Decimal("0.01")),
)
RATE_TOTAL = sum((rate for _, _, rate in LINES), Decimal(0))  # 0.0924
KBLI_EXAMPLES = {"A": "01131", "B": "05100", "C": "10110", "F": "41011", "G": "47111", "H": "49431"}


def _branch(branch: OrgUnit | str) -> OrgUnit:
    return unit(branch) if isinstance(branch, str) else branch


def employer_make(*, branch: OrgUnit | str, name: str | None = None, npp: str | None = None, sector: str = "C",
                  status: str = Employer.Status.ACTIVE, registered_on: dt.date = dt.date(2019, 3, 1),
                  **fields) -> Employer:
    n = next(_sequence)
    employer = Employer(
        npp=npp or f"{80_000_000 + n:08d}", name=name or f"PT Uji Coba {n}", sector=sector, status=status,
        branch=_branch(branch), registered_on=registered_on, kbli=fields.pop("kbli", KBLI_EXAMPLES.get(sector, "")),
        **fields,
    )
    employer.full_clean(exclude=["region", "branch"])
    employer.save()
    return employer


def worker_make(*, name: str | None = None, nik: str | None = None, kpj: str | None = None,
                birth_date: dt.date = dt.date(1990, 5, 17), sex: str = Worker.Sex.MALE, **fields) -> Worker:
    """A worker whose NIK follows the Dukcapil structure: Balikpapan Selatan, birth date (+40 for women), serial."""
    n = next(_sequence)
    day = birth_date.day + (40 if sex == Worker.Sex.FEMALE else 0)
    nik = nik or f"647101{day:02d}{birth_date:%m%y}{n % 10_000:04d}"
    return Worker.objects.create(nik=nik, kpj=kpj or f"{25_000_000_000 + n:011d}", name=name or f"Pekerja {n}",
                                 birth_date=birth_date, sex=sex, **fields)


def employment_make(*, worker: Worker, employer: Employer, start: dt.date = dt.date(2023, 1, 1),
                    end: dt.date | None = None, wage: int | None = 4_000_000, **flags) -> Employment:
    employment = Employment.objects.create(worker=worker, employer=employer, start_date=start, end_date=end, **flags)
    if wage is not None:
        wage_make(employment=employment, effective_from=start, wage=wage)
    return employment


def wage_make(*, employment: Employment, effective_from: dt.date, wage: int) -> WageReport:
    return WageReport.objects.create(employment=employment, effective_from=effective_from, wage=Decimal(wage),
                                     reported_on=effective_from)


def bill_make(*, employer: Employer, period: dt.date, base: int = 10_000_000, workers: int = 2) -> Bill:
    """One month's bill over a wage base (a multiple of Rp 10.000 keeps every line in whole rupiah)."""
    run = BillingRun.objects.create(period=period, branch=employer.branch, status=BillingRun.Status.SUCCEEDED,
                                    org_unit=employer.branch)
    due = add_months(period, 1).replace(day=15)
    amounts = [(programme, payer, rate, Decimal(base) * rate) for programme, payer, rate in LINES]
    bill = Bill.objects.create(employer=employer, period=period, due_date=due, created_run=run,
                               principal=sum((a for *_, a in amounts), Decimal(0)))
    BillLine.objects.bulk_create([
        BillLine(bill=bill, run=run, programme=programme, payer=payer, workers=workers, base=base, rate=rate,
                 amount=amount, reference="PP 44/2015; PP 45/2015; PP 46/2015 (data uji)")
        for programme, payer, rate, amount in amounts
    ])
    return bill


def payment_make(*, employer: Employer, amount: int, paid_on: dt.date, allocations=(), reversed: bool = False,
                 reference: str | None = None, penalty: int = 0) -> Payment:
    """A payment with its principal allocations ``[(bill, amount), …]`` (and optionally a penalty part on the
    first bill); a reversed payment keeps its allocations, marked reversed."""
    payment = Payment.objects.create(
        employer=employer, amount=Decimal(amount), paid_on=paid_on, reference=reference or f"UJI-{next(_sequence)}",
        status=Payment.Status.REVERSED if reversed else Payment.Status.POSTED,
    )
    rows = []
    for bill, part in allocations:
        rows += [Allocation(payment=payment, bill=bill, component=Allocation.Component.PRINCIPAL, programme=programme,
                            amount=amount, reversed=reversed) for programme, amount in _by_programme(bill, part)]
    if penalty and allocations:
        rows.append(Allocation(payment=payment, bill=allocations[0][0], component=Allocation.Component.PENALTY,
                               programme="JHT", amount=Decimal(penalty), reversed=reversed))
    Allocation.objects.bulk_create(rows)
    return payment


def _by_programme(bill: Bill, amount: int) -> list[tuple[str, Decimal]]:
    """Principal allocated programme by programme (JKK, JKM, JHT, JP) until ``amount`` is used up, as the
    allocation does; what exceeds the bill goes to the last programme."""
    owed: dict[str, Decimal] = {}
    for line in bill.lines.order_by("id"):
        owed[line.programme] = owed.get(line.programme, Decimal(0)) + line.amount
    left, parts = Decimal(amount), []
    for index, (programme, due) in enumerate(owed.items()):
        take = left if index == len(owed) - 1 else min(left, due)
        if take > 0:
            parts.append((programme, take))
        left -= take
    return parts


def snapshot_make(*, employer: Employer, month: dt.date, klass: str, months_overdue: int = 0,
                  outstanding: int = 0) -> CollectibilitySnapshot:
    return CollectibilitySnapshot.objects.create(employer=employer, month=month, klass=klass, scheme="months",
                                                 months_overdue=months_overdue, outstanding=Decimal(outstanding))
