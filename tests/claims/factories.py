"""A worker's contribution history in the ledger, for claims: an employer of Balikpapan billed and paid month
by month, relative to the (possibly frozen) clock so the claim windows hold on every day of the date matrix.

The employer's bills are ``bill_make``'s risk-group-1 lines over a Rp 10.000.000 wage base; a month is paid
when its whole bill is paid on its due date. The worker's own wage (``wage``) is what JKP takes its
benefit from (capped at Rp 5.000.000 by ``benefits/jkp/wage_cap``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sinergi.clock import today
from sinergi.registry.models import Employer, Employment, Worker
from sinergi.rules.periods import Period
from tests.registry.factories import bill_make, employer_make, employment_make, payment_make, worker_make


@dataclass
class History:
    worker: Worker
    employer: Employer
    employment: Employment
    phk_date: dt.date
    bills: list


def phk_history(*, months: int = 14, unpaid: tuple[int, ...] = (), wage: int = 8_000_000,
                days_ago: int = 40, branch: str = "bpjs-cabang-balikpapan", name: str = "Andi Saputra",
                employer_name: str = "PT Teluk Balikpapan Sejahtera") -> History:
    """A worker dismissed ``days_ago`` days before today after ``months`` billed months (the months before
    the PHK month); ``unpaid`` are indexes (0 = the oldest) of months the employer never paid."""
    phk = today() - dt.timedelta(days=days_ago)
    first = Period.of(phk).shift(-months)
    employer = employer_make(branch=branch, name=employer_name)
    worker = worker_make(name=name)
    employment = employment_make(worker=worker, employer=employer, start=first.first_day, end=phk, wage=wage)
    bills = []
    for index in range(months):
        bill = bill_make(employer=employer, period=first.shift(index).first_day)
        bills.append(bill)
        if index not in unpaid:
            payment_make(employer=employer, amount=int(bill.principal), paid_on=bill.due_date,
                         allocations=[(bill, int(bill.principal))])
    return History(worker, employer, employment, phk, bills)


def jkp_submit(history: History, *, actor, **overrides):
    from sinergi.claims.services import claim_submit

    fields = {"identifier": history.worker.nik, "programme": "jkp", "event": "dismissal",
              "event_date": history.phk_date, "phk_letter_date": history.phk_date, "phk_reason": "efficiency",
              "claimant_name": history.worker.name, "bank_name": "Bank Mandiri", "bank_account": "1490012345678"}
    fields.update(overrides)
    return claim_submit(actor=actor, **fields)
