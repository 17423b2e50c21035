"""Demo receivables: employers, workers, wages, 36 months of bills and the payments against them.

``demo_receivables(options, log)`` is the ``sinergi demo`` step that fills the registry and the ledger of
Kanwil Kalimantan (branches Balikpapan, Samarinda, Bontang, Tarakan, Tenggarong) and of the Kupang branch
(Kanwil Banuspa) with made-up but plausible data:

- **Scale**: ``small`` (default) about 2.000 employers and 50.000 workers; ``region`` about 50.000 and
  1.000.000; ``tiny`` (tests only, not offered by the CLI) about 150 and 3.000.
- **Window**: the 36 contribution months ending with the last complete month before today in Asia/Jakarta
  (run on 22 November 2026: November 2023 – October 2026), so the aging report looks current. Dates of the
  plan (registrations, closures, when an employer stopped paying) are relative to that window.
- **Registry**: NPP 8 digits in the reserved demo range ``9xxxxxxx`` (second digit = branch), PT/CV names
  from Indonesian words, NPWP, a KBLI 2020 code with its category letter weighted for the branch's economy
  (mining, plantations, construction, trade, transport…), the JKK risk group that goes with the activity,
  the size class (BPS headcount bands), a regency of the branch's working area, registration dates, a few
  construction projects. Workers have a NIK that passes :func:`sinergi.rules.nik_check` (a district of the
  employer's regency, birth date with +40 for women, sequence from 0001), a KPJ of 11 digits, a name, sex
  and birth date; one employment each (some ended, some replaced), micro and small employers sometimes
  without JP, and a wage report at the start plus one every 1 January in the window (effective-dated).
- **Bills**: :func:`sinergi.receivables.billing.billing_run` for each month — the law comes from the
  rules, not from here.
- **Payments** (channel ``bank_file``, references ``DEMO-<NPP>-<YYYYMM>-<n>``), allocated by
  :func:`sinergi.receivables.payments.payments_allocate_batch`. Most employers pay by the due date; some
  are late (1–3 months now and then, or steadily 4–6 or 9 months); some pay part of a month and the rest
  later; in Kupang some stop paying for good. A late payment settles the principal *and* the denda due on
  its date, computed by the allocator's own plan, so nothing is left over by accident.
- **The seed figure** (source 000): Kalimantan's branches hold exactly **22 employers that are macet and
  owe ≥ Rp 8 juta of principal, about Rp 2 miliar in total** (between 1,9 and 2,1), in the jurisdictions of
  KPKNL Balikpapan, Samarinda (with Tenggarong), Bontang and Tarakan. They are planned, not left to chance:
  each gets a target amount, a workforce and a closing month sized for it, and once the months are billed
  the month it stopped paying is chosen from its actual bills so the total lands near Rp 2 miliar. They
  closed before the end of the window, so later months add nothing to them. A few macet employers owe less
  than Rp 8 juta (so the threshold matters) and Kupang has macet employers of its own. No other Kalimantan
  employer can become macet: every other payment behaviour there pays within 9 months.

Deterministic: the same ``--seed`` in the same window gives the same NPPs, names, amounts and payments
(``random.Random`` streams seeded from the seed and the NPP; no global random, nothing from the clock but
the window). Idempotent: the generated employers are recognised by their NPP range; a second run adds
nothing, and a run after the calendar moved on only tops up what is missing — the new months' bills and
the payments dated up to today (``demo.receivables_payments`` audit events record the day they were posted
through) — from the seed and window recorded in the ``demo.receivables`` audit event of the first run (so ``--seed`` and ``--scale`` are ignored once the demo exists). Years that start
after the first run get no new wage reports: their months are billed at the last reported wage. Payments
of a top-up are sized assuming the demo ledger was not changed by hand in between. All writes are set-wise
(``COPY`` on PostgreSQL, batched ``executemany`` on SQLite); the registry is written in one transaction,
each month's billing and the payments with their allocation in one each.

The wage figures are demo constants around the provincial minimum wages (UMP), not law: no obligation is
computed from them here; the bills come from the reported wages through the rules.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from sinergi import clock
from sinergi.clock import today as local_today
from sinergi.demo.plan import EmployerPlan, Plan, period_index, plan_build, window_end_for
from sinergi.demo.registry import analyze_tables, insert_rows, max_id, now_value, registry_write
from sinergi.demo.world import (
    AUDIT_ACTION,
    BRANCHES,
    CHUNK,
    KALIMANTAN,
    NPP_PREFIX,
    PAYMENTS_ACTION,
    REFERENCE_PREFIX,
    SEED_TARGET_TOTAL,
)
from sinergi.formatting import format_rupiah, group_thousands
from sinergi.orgs.models import OrgUnit
from sinergi.rules import Period
from sinergi.rules.periods import add_months
from sinergi.rules.receivables import pupn_minimum

# --- bills -----------------------------------------------------------------------------------------------

def _months(first: Period, last: Period) -> list[Period]:
    return [first.shift(i) for i in range(period_index(last) - period_index(first) + 1)]


def bills_write(*, first: Period, last: Period) -> dict:
    """A billing run for every month from ``first`` to ``last`` that has no successful full run yet."""
    from sinergi.receivables.billing import billing_run
    from sinergi.receivables.models import BillingRun

    done = set(BillingRun.objects.filter(branch__isnull=True, status=BillingRun.Status.SUCCEEDED,
                                         period__gte=first.first_day).values_list("period", flat=True))
    months = [p for p in _months(first, last) if p.first_day not in done]
    bills, amount = 0, Decimal(0)
    for period in months:
        run = billing_run(period=period)
        bills += run.counts["bills_created"]
        amount += Decimal(run.counts["amount"])
    if months:
        analyze_tables("receivables_bill", "receivables_billline")
    return {"months": len(months), "bills": bills, "amount": amount}


# --- payments --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Intent:
    on: date
    bill: int  # index of the bill in the employer's months
    kind: str  # "part" (a share of the month's principal) or "settle" (everything due up to the month)
    fraction: int = 0  # ‰ of the month's principal, for "part"


def _fit_stops(plan: Plan, principal: dict[str, dict[Period, Decimal]]) -> None:
    """Choose the first unpaid month of the planned macet employers from their actual bills.

    The 22 each leave about their target unpaid (never less than the PUPN minimum, with a margin) and
    together about Rp 2 miliar; the small ones stay under Rp 8 juta. Every stop is at least 12 months
    before the window's end, so the oldest unpaid bill is more than 9 months overdue on the day the
    window was chosen, and older on every later day.
    """
    latest = plan.window_end.shift(-12)
    minimum = pupn_minimum(plan.window_end.last_day)

    def cumulative(npp: str) -> list[tuple[Period, Decimal]]:
        months = sorted(principal.get(npp, {}).items(), reverse=True)
        out, total = [], Decimal(0)
        for period, amount in months:
            total += amount
            if period <= latest:
                out.append((period, total))
        return out  # latest stop first, growing amounts

    chosen: dict[str, tuple[int, list[tuple[Period, Decimal]]]] = {}
    for employer in plan.employers:
        if employer.role == "macet_pupn":
            options = [o for o in cumulative(employer.npp) if o[1] >= minimum + 1_000_000] or cumulative(
                employer.npp)
            if not options:
                continue
            best = min(range(len(options)), key=lambda i: abs(options[i][1] - employer.target))
            chosen[employer.npp] = (best, options)
        elif employer.role == "macet_small":
            options = [o for o in cumulative(employer.npp) if o[1] <= minimum - 500_000]
            if options:
                best = min(range(len(options)), key=lambda i: abs(options[i][1] - employer.target))
                employer.stop = options[best][0]
    # Nudge single months until the 22 together are within 2 % of the seed figure.
    for _ in range(200):
        total = sum(options[i][1] for i, options in chosen.values())
        gap = SEED_TARGET_TOTAL - total
        if abs(gap) <= SEED_TARGET_TOTAL // 50:
            break
        best_move, best_gap = None, abs(gap)
        for npp, (i, options) in chosen.items():
            for j in (i - 1, i + 1):
                if 0 <= j < len(options):
                    new_gap = abs(gap - (options[j][1] - options[i][1]))
                    if new_gap < best_gap:
                        best_move, best_gap = (npp, j), new_gap
        if best_move is None:
            break
        npp, j = best_move
        chosen[npp] = (j, chosen[npp][1])
    by_npp = plan.by_npp()
    for npp, (i, options) in chosen.items():
        by_npp[npp].stop = options[i][0]


def _intents(employer: EmployerPlan, months: list[tuple[Period, date]], rng: random.Random) -> list[Intent]:
    """When and how the employer pays each month's bill. Five draws per month whatever the behaviour, so a
    month's draws never depend on the window (top-ups after the calendar moved on agree with the past)."""
    intents = []
    for index, (period, due) in enumerate(months):
        u1, u2, u3, u4, u5 = (rng.random() for _ in range(5))
        earliest = max(period.last_day + timedelta(days=1), due - timedelta(days=12))
        on_time = earliest + timedelta(days=int(u1 * ((due - earliest).days + 1)))
        jitter = timedelta(days=int(u2 * 11))
        profile = employer.profile
        if employer.stop is not None and period >= employer.stop:
            continue
        if profile == "on_time" or profile == "stopper":
            day = add_months(due, 1) + jitter if u3 < 0.04 else on_time
            intents.append(Intent(day, index, "settle"))
        elif profile == "late":
            day = on_time if u3 < 0.5 else add_months(due, 1 + int(u4 * 3)) + jitter
            intents.append(Intent(day, index, "settle"))
        elif profile in ("late_long", "chronic"):
            intents.append(Intent(add_months(due, employer.delay) + jitter, index, "settle"))
        elif profile == "partial":
            if u3 < 0.35:
                intents.append(Intent(on_time, index, "part", 300 + int(u4 * 500)))
                intents.append(Intent(add_months(due, 1 if u5 < 0.5 else 2) + jitter, index, "settle"))
            else:
                intents.append(Intent(on_time, index, "settle"))
    intents.sort(key=lambda i: (i.on, i.bill, i.kind != "part"))
    return intents


def _simulate(employer: EmployerPlan, facts: list, intents: list[Intent], today: date) -> list[tuple]:
    """The payments of one employer, each sized by running the allocator's own plan on the bills as they
    stand on its date: a "settle" pays every principal and denda due up to its month, so what the
    allocator later does with the same payments in the same order leaves nothing behind by accident."""
    from sinergi.receivables.payments import Source, allocation_plan

    huge = Decimal(10) ** 15
    payments = []
    settled = 0  # facts before this index are fully paid, denda included
    for intent in intents:
        if intent.on > today or intent.bill < settled:
            continue
        scope = facts[settled:intent.bill + 1]
        fact = facts[intent.bill]
        if intent.kind == "part":
            principal = sum(fact.billed.values(), Decimal(0))
            amount = principal * intent.fraction // 1000 // 1000 * 1000
            owed = sum((fact.principal_outstanding(p) for p in fact.billed), Decimal(0))
            if amount <= 0 or amount >= owed:
                continue
            source = Source(0, intent.on, amount)
            allocation_plan(facts=scope, sources=[source])
        else:
            source = Source(0, intent.on, huge)
            allocation_plan(facts=scope, sources=[source])
            amount = huge - source.remaining
            settled = intent.bill + 1
        if amount > 0:
            period = Period.of(fact.period)
            reference = f"{REFERENCE_PREFIX}{employer.npp}-{period.year:04d}{period.month:02d}-" \
                        f"{1 if intent.kind == 'part' else 2}"
            payments.append((intent.on, amount, reference, period))
    return payments


def _paid_through() -> date | None:
    """The day up to which the demo's payments were last posted (None before the first posting)."""
    from sinergi.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action=PAYMENTS_ACTION).order_by("-at", "-id").first()
    return date.fromisoformat(event.after["paid_through"]) if event is not None else None


def payments_write(*, plan: Plan, today: date, bills_added: bool = False) -> dict:
    """Post the planned payments dated up to ``today`` that are not posted yet, then allocate them.

    Skipped when the payments were already posted up to today and no month was billed since: the same
    plan can add nothing then, and replaying it costs minutes at scale region."""
    from sinergi.audit.services import audit_record
    from sinergi.receivables.models import Bill, BillLine, Payment
    from sinergi.receivables.payments import payment_code_for, payments_allocate_batch
    from sinergi.receivables.penalties import BillFacts

    employer_ids = dict(_employer_ids())
    nothing = {"payments": 0, "amount": Decimal(0), "principal": Decimal(0), "penalty": Decimal(0),
               "credit": Decimal(0)}
    if not bills_added and _paid_through() == today:
        if _summaries_stale():
            _summaries_refresh()
        return nothing
    by_npp = plan.by_npp()
    planned = [e.npp for e in plan.employers if e.role in ("macet_pupn", "macet_small")]
    principal: dict[str, dict[Period, Decimal]] = defaultdict(dict)
    for npp, period, amount in Bill.objects.filter(employer__npp__in=planned).values_list(
            "employer__npp", "period", "principal"):
        principal[npp][Period.of(period)] = amount
    _fit_stops(plan, principal)

    existing = set(Payment.objects.filter(channel=Payment.Channel.BANK_FILE,
                                          reference__startswith=REFERENCE_PREFIX).values_list("reference", flat=True))
    npps = sorted(employer_ids)
    rows, now = [], now_value()
    for start in range(0, len(npps), CHUNK):
        chunk = [employer_ids[n] for n in npps[start:start + CHUNK]]
        npp_of = {employer_ids[n]: n for n in npps[start:start + CHUNK]}
        facts: dict[int, list] = defaultdict(list)
        by_bill = {}
        for bill_id, employer_id, period, due in Bill.objects.filter(employer_id__in=chunk).order_by(
                "employer_id", "period").values_list("id", "employer_id", "period", "due_date"):
            fact = BillFacts(bill_id=bill_id, employer_id=employer_id, period=period, due=due)
            facts[employer_id].append(fact)
            by_bill[bill_id] = fact
        for bill_id, programme, total in BillLine.objects.filter(bill__employer_id__in=chunk).values(
                "bill_id", "programme").annotate(total=Sum("amount")).order_by().values_list(
                "bill_id", "programme", "total"):
            by_bill[bill_id].billed[programme] = total
        for employer_id in chunk:
            npp = npp_of[employer_id]
            employer = by_npp.get(npp)
            if employer is None or not facts[employer_id]:
                continue
            rng = random.Random(f"{plan.seed}:payments:{npp}")
            months = [(Period.of(f.period), f.due) for f in facts[employer_id]]
            for paid_on, amount, reference, period in _simulate(employer, facts[employer_id],
                                                                _intents(employer, months, rng), today):
                if reference not in existing:
                    rows.append((employer_id, amount, paid_on, "bank_file", reference,
                                 payment_code_for(npp=npp, period=period), "posted", "", None, now))
    before = max_id("receivables_payment")
    stale = bool(rows) or _summaries_stale()
    with transaction.atomic():
        insert_rows("receivables_payment", ("employer_id", "amount", "paid_on", "channel", "reference", "payment_code",
                                        "status", "reversal_reason", "created_by_id", "created_at"), rows)
        analyze_tables("receivables_payment")
        new_ids = list(Payment.objects.filter(pk__gt=before, reference__startswith=REFERENCE_PREFIX)
                       .values_list("pk", flat=True))
        result = payments_allocate_batch(payments=new_ids, actor=None) if new_ids else None
        if stale:
            _summaries_refresh()
        if rows:
            audit_record(actor=None, action=PAYMENTS_ACTION, object_type="receivables.payment",
                         object_repr="Pembayaran demo", after={
                             "paid_through": today, "payments": len(rows), **result.as_dict()})
    if not rows:
        return nothing
    return {"payments": len(rows), "amount": sum((r[1] for r in rows), Decimal(0)), "principal": result.principal,
            "penalty": result.penalty, "credit": result.unallocated}


def _summaries_refresh() -> None:
    # The stored positions that the employer list and the aging report read follow billing runs, not
    # allocations; bring them up to date at once rather than at the next periodic job. All employers in
    # one statement: per-chunk refreshes re-aggregate every allocation for each chunk.
    from sinergi.receivables.summaries import summaries_refresh

    summaries_refresh()


def _summaries_stale() -> bool:
    """Whether the demo employers' stored positions are not those of today's ledger: of another day, or
    computed before allocations that came later the same day (their paid total differs)."""
    from sinergi.receivables.models import Allocation, EmployerSummary

    day = clock.today()
    demo = EmployerSummary.objects.filter(employer__npp__startswith=NPP_PREFIX)
    if not demo.exists() or demo.exclude(computed_on=day).exists():
        return True
    stored = demo.aggregate(paid=Sum("paid"))["paid"] or 0
    ledger = Allocation.objects.filter(
        bill__employer__npp__startswith=NPP_PREFIX, component=Allocation.Component.PRINCIPAL, reversed=False,
        payment__status="posted", payment__paid_on__lte=day).aggregate(paid=Sum("amount"))["paid"] or 0
    return stored != ledger


def _employer_ids() -> list[tuple[str, int]]:
    from sinergi.registry.models import Employer

    return list(Employer.objects.filter(npp__startswith=NPP_PREFIX).values_list("npp", "pk"))


# --- the step --------------------------------------------------------------------------------------------

def _recorded() -> dict | None:
    from sinergi.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action=AUDIT_ACTION).order_by("at", "id").first()
    return event.after if event is not None else None


def aging_summary(*, as_of: date) -> dict:
    """Employers per collectibility class, and the macet ≥ Rp 8 juta employers of Kalimantan's branches."""
    from sinergi.receivables.aging import aging_compute

    result = aging_compute(as_of=as_of, keep_rows=True)
    kalimantan = set(OrgUnit.objects.filter(code__in=KALIMANTAN).values_list("pk", flat=True))
    minimum = pupn_minimum(as_of)
    pupn = [(employer, amount) for employer, branch, _months, amount, klass in result.rows
            if klass == "macet" and branch in kalimantan and amount >= minimum]
    return {"classes": {k: v.employers for k, v in result.classes.items()}, "minimum": minimum,
            "pupn_employers": len(pupn), "pupn_amount": sum((a for _, a in pupn), Decimal(0))}


def demo_receivables(options, log: Callable[[str], None]) -> None:
    """The ``sinergi demo`` step: see the module docstring."""
    from sinergi.audit.services import audit_record

    today = local_today()
    branches = list(OrgUnit.objects.filter(code__in=[b.code for b in BRANCHES]))
    if len(branches) != len(BRANCHES):
        log("piutang demo: kantor cabang Kalimantan/Kupang belum dimuat; langkah ini dilewati")
        return
    started = time.monotonic()
    recorded = _recorded() if _employer_ids() else None
    if recorded is None and _employer_ids():
        log("piutang demo: NPP 9xxxxxxx sudah dipakai tanpa catatan demo; langkah ini dilewati")
        return
    if recorded is None:
        plan = plan_build(seed=options.seed, scale=options.scale, window_end=window_end_for(today),
                          branches=branches)
        with transaction.atomic():
            counts = registry_write(plan=plan)
            audit_record(actor=None, action=AUDIT_ACTION, object_type="registry.employer",
                         object_repr="Data piutang demo", after={
                             "seed": plan.seed, "scale": plan.scale, "window_end": str(plan.window_end),
                             "employers": counts.employers, "workers": counts.workers,
                             "employments": counts.employments, "wage_reports": counts.wages})
        log(f"pemberi kerja demo: {group_thousands(counts.employers)} (NPP 9xxxxxxx), tenaga kerja "
            f"{group_thousands(counts.workers)}, hubungan kerja berakhir {group_thousands(counts.ended)}, "
            f"laporan upah {group_thousands(counts.wages)} — seed {plan.seed}, skala {plan.scale} "
            f"({time.monotonic() - started:.1f} detik)")
    else:
        plan = plan_build(seed=int(recorded["seed"]), scale=str(recorded["scale"]),
                          window_end=Period.parse(recorded["window_end"]), branches=branches)
        log(f"pemberi kerja demo: sudah ada (seed {plan.seed}, skala {plan.scale}, sampai "
            f"{plan.window_end}); hanya melengkapi bulan dan pembayaran yang belum ada")
    last = max(plan.window_end, window_end_for(today))
    step = time.monotonic()
    billed = bills_write(first=plan.window_start, last=last)
    log(f"penagihan {plan.window_start} s.d. {last}: {billed['months']} bulan ditagih, "
        f"{group_thousands(billed['bills'])} tagihan baru, {format_rupiah(billed['amount'])} "
        f"({time.monotonic() - step:.1f} detik)")
    step = time.monotonic()
    paid = payments_write(plan=plan, today=today, bills_added=billed["months"] > 0)
    log(f"pembayaran: {group_thousands(paid['payments'])} baru, {format_rupiah(paid['amount'])}, dialokasikan "
        f"ke iuran {format_rupiah(paid['principal'])} dan denda {format_rupiah(paid['penalty'])} "
        f"({time.monotonic() - step:.1f} detik)")
    summary = aging_summary(as_of=today)
    classes = summary["classes"]
    log(f"kolektibilitas pemberi kerja menunggak per {today:%d-%m-%Y}: lancar {classes['lancar']}, kurang "
        f"lancar {classes['kurang_lancar']}, diragukan {classes['diragukan']}, macet {classes['macet']}; macet "
        f"≥ {format_rupiah(summary['minimum'])} di Kanwil Kalimantan: {summary['pupn_employers']} pemberi kerja, "
        f"{format_rupiah(summary['pupn_amount'])} (total {time.monotonic() - started:.1f} detik)")
