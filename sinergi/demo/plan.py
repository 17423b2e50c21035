"""The plan of the demo registry and ledger: which employers exist, how big, where, since when, and how each
pays (on time, late, part, never), including the 22 macet employers of the seed; deterministic from the
seed and the window."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sinergi.demo.world import (
    BRANCHES,
    CHRONIC_DELAY,
    KBLI,
    KPP,
    NPP_PREFIX,
    PLACE_WORDS,
    PROFILE_WEIGHTS,
    SCALES,
    SECTOR_WEIGHTS,
    SEED_TARGET_TOTAL,
    SIZE_BANDS,
    STREETS,
    UMP,
    UMP_GROWTH_PERMILLE,
    VIRTUE_WORDS,
    WINDOW_MONTHS,
)
from sinergi.orgs.models import OrgUnit
from sinergi.regions.models import Region
from sinergi.rules import Period, rate_table
from sinergi.rules.periods import add_months

# --- the plan --------------------------------------------------------------------------------------------

@dataclass
class EmployerPlan:
    npp: str
    branch: str
    names: str
    sector: str
    kbli: str
    risk_group: int
    wage_low: int  # ‰ of UMP
    wage_high: int
    name: str = ""
    npwp: str = ""
    regency: str = ""
    address: str = ""
    registered_on: date = date(2010, 1, 1)
    is_project: bool = False
    status: str = "active"
    size_class: str = "kecil"
    positions: int = 1
    without_jp: bool = False
    closes: Period | None = None  # every employment ends with this month
    project_start: date | None = None
    role: str = "random"  # random | macet_pupn | macet_small | macet_local
    profile: str = "on_time"  # on_time | late | partial | late_long | chronic | stopper
    delay: int = 0  # months, for late_long and chronic
    stop: Period | None = None  # first month left unpaid (stopper and planned macet)
    target: int = 0  # rupiah of principal to leave unpaid (planned macet)


@dataclass
class Plan:
    seed: int
    scale: str
    window_end: Period
    employers: list[EmployerPlan] = field(default_factory=list)

    @property
    def window_start(self) -> Period:
        return self.window_end.shift(-(WINDOW_MONTHS - 1))

    def by_npp(self) -> dict[str, EmployerPlan]:
        return {e.npp: e for e in self.employers}


def period_index(period: Period) -> int:
    return period.year * 12 + period.month - 1


def window_end_for(day: date) -> Period:
    """The last complete contribution month before ``day`` (the demo's window ends there)."""
    return Period.of(day).shift(-1)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def random_date(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return low
    return low + timedelta(days=rng.randint(0, (high - low).days))


def ump(province: str, year: int) -> int:
    """The demo UMP figure of a province and year (see UMP: demo constants, not law)."""
    table = UMP[province]
    first, last = min(table), max(table)
    if year > last:
        value = table[last]
        for _ in range(year - last):
            value = value * (1000 + UMP_GROWTH_PERMILLE) // 1000
        return value
    if year < first:
        value = table[first]
        for _ in range(first - year):
            value = value * 1000 // (1000 + UMP_GROWTH_PERMILLE)
        return value
    return table[year]


def _company_name(rng: random.Random, plan: EmployerPlan, words: tuple[str, ...]) -> str:
    form = "CV" if plan.size_class in ("mikro", "kecil") and rng.random() < 0.45 else "PT"
    place = rng.choice(PLACE_WORDS[plan.names])
    virtue, virtue2 = rng.sample(VIRTUE_WORDS, 2)
    word = rng.choice(words)
    pattern = rng.randrange(4)
    parts = ((place, word, virtue), (word, virtue, virtue2), (place, virtue, virtue2), (virtue, word, place))[pattern]
    return f"{form} {' '.join(parts)}"


def _regencies(branches: Iterable[OrgUnit]) -> dict[str, list[tuple[str, str, int]]]:
    """Per branch code: (regency code, name, weight) of its working area; the seat weighs more."""
    units = {u.code: u for u in branches}
    jurisdictions: dict[str, list[str]] = defaultdict(list)
    for unit_code, region_code in OrgUnit.jurisdiction.through.objects.filter(
            orgunit__code__in=list(units)).values_list("orgunit__code", "region_id"):
        jurisdictions[unit_code].append(region_code)
    provinces = {c for codes in jurisdictions.values() for c in codes if "." not in c}
    regency_rows = Region.objects.filter(level=Region.Level.REGENCY, is_current=True).filter(
        parent_id__in=provinces).values_list("code", "name") if provinces else []
    by_province = defaultdict(list)
    for code, _name in regency_rows:
        by_province[code[:2]].append(code)
    names = dict(Region.objects.filter(level=Region.Level.REGENCY).values_list("code", "name"))
    result = {}
    for unit_code, unit in units.items():
        codes: list[str] = []
        for c in sorted(jurisdictions.get(unit_code, [])):
            codes.extend(sorted(by_province[c]) if "." not in c else [c])
        seat = unit.region_id
        result[unit_code] = [(c, names.get(c, c), 4 if c == seat else 1) for c in codes]
    return result


def _sizes(rng: random.Random, count: int, positions_target: int) -> list[int]:
    """Headcounts for ``count`` employers, heavy-tailed like a real register, scaled to about the target."""
    raw = []
    for _ in range(count):
        _size, low, high, _w = rng.choices(SIZE_BANDS, weights=[b[3] for b in SIZE_BANDS])[0]
        if high - low > 20:  # log-uniform in the wide bands
            raw.append(round(low * (high / low) ** rng.random()))
        else:
            raw.append(rng.randint(low, high))
    total = sum(raw)
    if total <= 0:
        return raw
    factor = positions_target / total
    return [max(1, round(n * factor)) if n >= 5 else n for n in raw]


def _size_class(headcount: int) -> str:
    for name, low, high, _w in SIZE_BANDS:
        if low <= headcount <= high:
            return name
    return "besar"


def _rates(window_end: Period) -> dict[int, Decimal]:
    """Employer + worker rate of a risk group (JKK, JKM, JHT, JP) — only to size the planned employers."""
    table = rate_table(period=window_end)
    totals = {}
    for group in range(1, 6):
        totals[group] = sum((e.rate for e in table.entries if e.payer in ("employer", "worker")
                             and (e.risk_group is None or e.risk_group == group)), Decimal(0))
    return totals


def _pupn_targets(rng: random.Random, count: int) -> list[int]:
    """``count`` amounts, a few large and many small (from about Rp 12 juta), summing to SEED_TARGET_TOTAL."""
    raw = [2 ** rng.randint(0, 4) * rng.randint(80, 125) for _ in range(count)]
    targets = [max(12_000_000, SEED_TARGET_TOTAL * r // sum(raw) // 1000 * 1000) for r in raw]
    largest = targets.index(max(targets))
    targets[largest] += SEED_TARGET_TOTAL - sum(targets)
    return targets


def plan_build(*, seed: int, scale: str, window_end: Period, branches: list[OrgUnit]) -> Plan:
    """The employers of the demo (no workers yet): deterministic for (seed, scale, window_end)."""
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale {scale!r}; choose from {', '.join(SCALES)}")
    size = SCALES[scale]
    rng = random.Random(seed)
    plan = Plan(seed=seed, scale=scale, window_end=window_end)
    start = plan.window_start
    last = window_end
    regencies = _regencies(branches)
    rates = _rates(window_end)
    planned_total = sum(b.macet_pupn + b.macet_small + b.macet_local for b in BRANCHES)
    unplanned = size.employers - planned_total
    shares = [unplanned * b.share // 100 for b in BRANCHES]
    shares[0] += unplanned - sum(shares)
    npps: dict[str, list[int]] = {}
    for spec, share in zip(BRANCHES, shares, strict=True):
        count = share + spec.macet_pupn + spec.macet_small + spec.macet_local
        npps[spec.code] = sorted(rng.sample(range(1, 1_000_000), count))

    planned_workers = 0
    pupn_targets = _pupn_targets(rng, sum(b.macet_pupn for b in BRANCHES))
    for spec, share in zip(BRANCHES, shares, strict=True):
        numbers = npps[spec.code][:]
        rng.shuffle(numbers)
        roles = (["macet_pupn"] * spec.macet_pupn + ["macet_small"] * spec.macet_small
                 + ["macet_local"] * spec.macet_local + ["random"] * share)
        for number, role in zip(numbers, roles, strict=True):
            weights = SECTOR_WEIGHTS[spec.economy]
            if role != "random":  # the defaulters of the source documents: contractors, haulers, mines, farms
                weights = {k: v for k, v in weights.items() if k in "ABFGHC"}
            sector = _weighted(rng, weights)
            here = "T" if spec.names == "ntt" else "K"
            kbli, group, low, high, _words, _where = rng.choice([k for k in KBLI[sector] if k[5] in ("", here)])
            employer = EmployerPlan(npp=f"{NPP_PREFIX}{spec.digit}{number:06d}", branch=spec.code, names=spec.names,
                                    sector=sector, kbli=kbli, risk_group=group, wage_low=low, wage_high=high,
                                    role=role)
            regency_choices = regencies[spec.code]
            employer.regency = rng.choices([r[0] for r in regency_choices],
                                           weights=[r[2] for r in regency_choices])[0]
            regency_name = next(r[1] for r in regency_choices if r[0] == employer.regency)
            employer.address = (f"Jl. {rng.choice(STREETS[spec.names])} No. {rng.randint(1, 250)}, "
                                f"{regency_name.replace('Kabupaten ', 'Kab. ')}")
            employer.npwp = f"0{rng.randint(1, 9)}{rng.randint(0, 9_999_999):07d}{KPP[spec.code]}000"
            if role == "random":
                employer.registered_on = (
                    random_date(rng, date(2005, 1, 1), add_months(start.first_day, -12)) if rng.random() < 0.85
                    else random_date(rng, add_months(start.first_day, -12), add_months(last.last_day, -2)))
            else:
                employer.registered_on = random_date(rng, date(2008, 1, 1), date(2020, 12, 31))
            plan.employers.append(employer)
            if role == "macet_pupn":
                _plan_pupn(rng, employer, pupn_targets.pop(), rates, start, last)
                planned_workers += employer.positions
            elif role == "macet_small":
                _plan_small(rng, employer, start, last)
                planned_workers += employer.positions
            elif role == "macet_local":
                _plan_local(rng, employer, start, last)
                planned_workers += employer.positions

    randoms = [e for e in plan.employers if e.role == "random"]
    # Positions are about 85 % of the workers: the rest are the earlier holders of replaced positions.
    positions = _sizes(rng, len(randoms), max(len(randoms), (size.workers - planned_workers) * 85 // 100))
    for employer, headcount in zip(randoms, positions, strict=True):
        employer.positions = headcount
        employer.size_class = _size_class(headcount)
        employer.without_jp = (employer.size_class == "mikro" and rng.random() < 0.4) or (
            employer.size_class == "kecil" and rng.random() < 0.15)
        if employer.sector == "F" and employer.size_class != "besar" and rng.random() < 0.2:
            employer.is_project = True
            employer.project_start = random_date(rng, add_months(start.first_day, -6),
                                                  add_months(last.first_day, -4))
            employer.registered_on = employer.project_start
            ends = Period.of(employer.project_start).shift(rng.randint(6, 18))
            if ends <= last:
                employer.closes, employer.status = ends, "non_active"
        elif rng.random() < 0.03 and employer.registered_on < add_months(start.first_day, -12):
            employer.closes = last.shift(-rng.randint(2, 30))
            employer.status = rng.choice(("closed", "closed", "non_active", "bankrupt"))
    _assign_profiles(rng, plan)
    for employer in plan.employers:
        employer.name = _company_name(rng, employer, next(k[4] for k in KBLI[employer.sector]
                                                            if k[0] == employer.kbli))
    plan.employers.sort(key=lambda e: e.npp)
    return plan


def _plan_pupn(rng: random.Random, employer: EmployerPlan, target: int, rates: dict[int, Decimal],
               start: Period, last: Period) -> None:
    """One of the 22: closed before the window ends; workforce sized so its unpaid months reach ``target``."""
    employer.target = target
    employer.closes = last.shift(-rng.randint(1, 10))
    latest_stop = min(employer.closes, last.shift(-12))
    months = rng.randint(8, 24)
    months = max(months, period_index(employer.closes) - period_index(latest_stop) + 1)
    months = min(months, period_index(employer.closes) - period_index(start) + 1)
    employer.stop = employer.closes.shift(-(months - 1))
    province = employer.regency[:2]
    wage = ump(province, last.year - 1) * (employer.wage_low + employer.wage_high) // 2000
    monthly = Decimal(wage) * rates[employer.risk_group]
    employer.positions = max(2, round(Decimal(target) / (monthly * months)))
    employer.size_class = _size_class(employer.positions)
    employer.status = rng.choice(("closed", "closed", "non_active"))
    employer.profile = "stopper"


def _plan_small(rng: random.Random, employer: EmployerPlan, start: Period, last: Period) -> None:
    """A micro employer that closed owing less than Rp 8 juta (macet, under the PUPN minimum)."""
    employer.positions = rng.randint(1, 2)
    employer.size_class = "mikro"
    employer.closes = last.shift(-rng.randint(13, 28))
    employer.target = rng.randint(2, 6) * 1_000_000
    employer.stop = employer.closes.shift(-3)
    employer.status = "closed"
    employer.profile = "stopper"
    employer.without_jp = True


def _plan_local(rng: random.Random, employer: EmployerPlan, start: Period, last: Period) -> None:
    """A Kupang employer that stopped paying more than a year ago; some still operate, some closed."""
    employer.profile = "stopper"
    employer.stop = last.shift(-rng.randint(12, 30))
    if rng.random() < 0.35:
        employer.positions = rng.randint(1, 2)
        employer.closes = employer.stop.shift(rng.randint(1, 4))
        employer.status = "closed"
    else:
        employer.positions = rng.randint(4, 30)
    employer.size_class = _size_class(employer.positions)


def _assign_profiles(rng: random.Random, plan: Plan) -> None:
    """Payment behaviours by quota per branch, so every class exists even at the smallest scale."""
    start = plan.window_start
    for spec in BRANCHES:
        randoms = [e for e in plan.employers if e.branch == spec.code and e.role == "random"]
        # Behaviours that keep months unpaid need an employer billed all along and still operating.
        steady = [e for e in randoms if e.closes is None and not e.is_project
                  and e.registered_on < add_months(start.first_day, -12)]
        rng.shuffle(steady)
        chosen: set[str] = set()
        for profile, weight in PROFILE_WEIGHTS[spec.names if spec.names == "ntt" else "kalimantan"].items():
            quota = max(1, round(len(randoms) * weight / 100))
            for employer in steady:
                if quota <= 0:
                    break
                if employer.npp in chosen:
                    continue
                employer.profile = profile
                chosen.add(employer.npp)
                quota -= 1
                if profile == "late_long":
                    employer.delay = rng.randint(4, 6)
                elif profile == "chronic":
                    employer.delay = CHRONIC_DELAY
                elif profile == "stopper":
                    employer.stop = plan.window_end.shift(-rng.randint(2, 30))
        for employer in randoms:
            if employer.npp not in chosen and rng.random() < 0.1:
                employer.profile = "late"  # the occasional late payer among those closing or on projects
