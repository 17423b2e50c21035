"""Small factories for the payment tests: employers and bills written directly (billing has its own tests).

A bill here is what a billing run would leave: one line per programme (the employer's share, which is all
the allocation and the denda need), ``principal`` their sum, the due date from the rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sinergi.receivables.models import Bill, BillingRun, BillLine, Payment
from sinergi.receivables.payments import payment_record
from sinergi.registry.models import Employer
from sinergi.rules import Period, due_date
from tests.world import unit

_npp = itertools.count(41000001)
_ref = itertools.count(1)

# An employer's month: JKK group III, JKM, JHT and JP on a payroll of Rp 20.000.000 (shares rounded).
MONTH = {"JKK": 178_000, "JKM": 60_000, "JHT": 1_140_000, "JP": 600_000}


def employer(*, branch: str = "bpjs-cabang-balikpapan", name: str = "PT Teluk Balikpapan Sejahtera",
             npp: str | None = None) -> Employer:
    return Employer.objects.create(npp=npp or str(next(_npp)), name=name, branch=unit(branch),
                                   registered_on=dt.date(2015, 7, 1))


def _run(period: Period) -> BillingRun:
    return BillingRun.objects.create(period=period.first_day, status=BillingRun.Status.SUCCEEDED)


def bill(emp: Employer, period: str, lines: dict[str, int] | None = None, *, due: dt.date | None = None) -> Bill:
    """A bill of ``period`` (YYYY-MM) with one employer line per programme."""
    p = Period.parse(period)
    lines = MONTH if lines is None else lines
    run = _run(p)
    b = Bill.objects.create(employer=emp, period=p.first_day, due_date=due or due_date(period=p).due_date,
                            principal=sum(lines.values()), created_run=run)
    BillLine.objects.bulk_create([
        BillLine(bill=b, run=run, programme=programme, payer="employer", workers=1, base=0, rate=0,
                 amount=Decimal(amount), reference="uji")
        for programme, amount in lines.items()
    ])
    return b


def adjust(b: Bill, programme: str, amount: int) -> BillLine:
    """A correction line from a later run (positive or negative)."""
    run = _run(Period.of(b.period))
    line = BillLine.objects.create(bill=b, run=run, kind=BillLine.Kind.ADJUSTMENT, programme=programme,
                                   payer="employer", workers=0, base=0, rate=0, amount=Decimal(amount),
                                   reference="uji koreksi")
    Bill.objects.filter(pk=b.pk).update(principal=b.principal + Decimal(amount))
    return line


def pay(emp: Employer, amount: int | Decimal, paid_on: dt.date | str, *, actor=None, reference: str | None = None,
        channel: str = Payment.Channel.BANK_FILE) -> Payment:
    if isinstance(paid_on, str):
        paid_on = dt.date.fromisoformat(paid_on)
    return payment_record(employer=emp, amount=Decimal(amount), paid_on=paid_on,
                          reference=reference or f"BNI-{next(_ref):08d}", channel=channel, actor=actor)


def total(lines: dict[str, int] | None = None) -> Decimal:
    return Decimal(sum((MONTH if lines is None else lines).values()))
