"""Writing the demo registry set-wise from the plan: employers, workers with valid NIKs, employments and
dated wage reports (``COPY`` on PostgreSQL, batched ``executemany`` on SQLite)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction

from sinergi import clock
from sinergi.demo.plan import EmployerPlan, Plan, random_date, ump
from sinergi.demo.world import BRANCHES, CHUNK, FEMALE_PERMILLE, KPJ_HIGH, KPJ_LOW, NPP_PREFIX, PERSON_NAMES
from sinergi.orgs.models import OrgUnit
from sinergi.regions.models import Region
from sinergi.rules.periods import add_months

# --- writing the registry --------------------------------------------------------------------------------

def now_value():
    return connection.ops.adapt_datetimefield_value(clock.now())


def insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Write rows set-wise: COPY on PostgreSQL, batched executemany elsewhere."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
            for start in range(0, len(rows), 20_000):
                cursor.executemany(sql, rows[start:start + 20_000])


def analyze_tables(*tables: str) -> None:
    """Fresh statistics for PostgreSQL's planner: without them (autovacuum has not run yet, or the rows are
    still uncommitted in a test) it plans the billing over a million rows as if the tables were empty."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def max_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


@dataclass
class RegistryCounts:
    employers: int = 0
    workers: int = 0
    employments: int = 0
    ended: int = 0
    wages: int = 0


class _People:
    """Workers' identities: names, NIK (unique per district, birth date and sequence), KPJ."""

    def __init__(self, rng: random.Random, districts: dict[str, list[str]]):
        self.rng = rng
        self.districts = districts
        self.sequences: dict[str, int] = {}
        self.kpjs: set[int] = set()

    def make(self, employer: EmployerPlan, start: date) -> tuple:
        rng = self.rng
        female = rng.randrange(1000) < FEMALE_PERMILLE.get(employer.sector, 300)
        age = int(rng.triangular(18, 52, 26))
        birth = date(start.year - age, rng.randint(1, 12), rng.randint(1, 28))
        district = rng.choice(self.districts[employer.regency])
        prefix = f"{district.replace('.', '')}{birth.day + (40 if female else 0):02d}{birth:%m%y}"
        sequence = self.sequences.get(prefix, 0) + 1
        self.sequences[prefix] = sequence
        nik = f"{prefix}{sequence:04d}"
        kpj = rng.randint(KPJ_LOW, KPJ_HIGH)
        while kpj in self.kpjs:
            kpj = rng.randint(KPJ_LOW, KPJ_HIGH)
        self.kpjs.add(kpj)
        firsts_m, firsts_f, lasts_m, lasts_f = PERSON_NAMES[employer.names]
        first = rng.choice(firsts_f if female else firsts_m)
        surname = rng.choice(lasts_f if female else lasts_m)
        name = f"{first} {surname}" if rng.random() < 0.85 else f"{first} {rng.choice(firsts_m)} {surname}"
        return nik, str(kpj), name, birth, "F" if female else "M", district


def _employments_of(rng: random.Random, employer: EmployerPlan, plan: Plan) -> list[tuple[date, date | None]]:
    """(start, end) of every employment of an employer: current holders, earlier holders, leavers."""
    window_first = plan.window_start.first_day
    last_day = plan.window_end.last_day
    ends = employer.closes.last_day if employer.closes else None
    spans: list[tuple[date, date | None]] = []
    for _ in range(employer.positions):
        if employer.is_project:
            begin = random_date(rng, employer.project_start, employer.project_start + timedelta(days=30))
            spans.append((begin, ends))
            continue
        if employer.role != "random":
            begin = random_date(rng, employer.registered_on, min(add_months(window_first, -3), date(2021, 12, 31)))
            spans.append((begin, ends))
            continue
        latest = add_months(ends or last_day, -1)
        if employer.registered_on < window_first and rng.random() < 0.75:
            begin = random_date(rng, employer.registered_on, window_first - timedelta(days=1))
        else:
            begin = random_date(rng, max(employer.registered_on, window_first), latest)
        begin = min(begin, latest)
        if begin > employer.registered_on + timedelta(days=120) and begin >= window_first and rng.random() < 0.6:
            # The position had an earlier holder who left shortly before.
            left = begin - timedelta(days=rng.randint(1, 30))
            came = random_date(rng, employer.registered_on, left - timedelta(days=60))
            spans.append((came, left))
        end = ends
        if ends is None and rng.random() < 0.05:  # a leaver not replaced
            end = random_date(rng, max(begin, window_first), last_day - timedelta(days=15))
        spans.append((begin, end))
    return spans


def _wages_of(rng: random.Random, employer: EmployerPlan, start: date, end: date | None,
              plan: Plan) -> list[tuple[date, int]]:
    """The wage at the start and a raise every 1 January in the window while employed."""
    province = employer.regency[:2]
    level = rng.randint(employer.wage_low, employer.wage_high)
    if employer.size_class == "mikro" and rng.random() < 0.5:
        level = rng.randint(900, 1000)
    elif rng.random() < 0.3:
        level = 1000  # exactly the minimum wage: common
    elif rng.random() < 0.04:
        level = level * rng.randint(2, 4)  # supervisors and managers

    def wage(year: int, bump: int) -> int:
        return ump(province, year) * (level + bump) // 1000 // 1000 * 1000 if level != 1000 else ump(province, year)

    rows = [(start, wage(start.year, 0))]
    for year in range(max(start.year + 1, plan.window_start.year), plan.window_end.year + 1):
        day = date(year, 1, 1)
        if end is not None and day > end:
            break
        rows.append((day, wage(year, 5 * (year - start.year))))
    return rows


def registry_write(*, plan: Plan) -> RegistryCounts:
    """Employers, workers, employments and wage reports of the plan, set-wise in one transaction."""
    rng = random.Random(f"{plan.seed}:workers")
    counts = RegistryCounts()
    units = dict(OrgUnit.objects.filter(code__in=[b.code for b in BRANCHES]).values_list("code", "pk"))
    regencies = sorted({e.regency for e in plan.employers})
    districts: dict[str, list[str]] = defaultdict(list)
    for code, parent in Region.objects.filter(level=Region.Level.DISTRICT, is_current=True,
                                              parent_id__in=regencies).order_by("code").values_list("code",
                                                                                                     "parent_id"):
        districts[parent].append(code)
    people = _People(rng, districts)
    now = now_value()
    with transaction.atomic():
        insert_rows("registry_employer", (
            "npp", "name", "name_search", "npwp", "kbli", "sector", "size_class", "jkk_risk_group", "branch_id",
            "region_id", "address", "status", "registered_on", "is_construction_project", "relief_industry",
            "created_at", "updated_at"), [
            (e.npp, e.name, e.name.lower(), e.npwp, e.kbli, e.sector, e.size_class, e.risk_group, units[e.branch],
             e.regency, e.address, e.status, e.registered_on, e.is_project, "", now, now)
            for e in plan.employers])
        counts.employers = len(plan.employers)
        with connection.cursor() as cursor:
            cursor.execute("SELECT npp, id FROM registry_employer WHERE npp LIKE %s", [f"{NPP_PREFIX}%"])
            employer_ids = dict(cursor.fetchall())
        for chunk_start in range(0, len(plan.employers), CHUNK):
            chunk = plan.employers[chunk_start:chunk_start + CHUNK]
            workers, jobs, wages = [], [], []
            for employer in chunk:
                for begin, end in _employments_of(rng, employer, plan):
                    nik, kpj, name, birth, sex, district = people.make(employer, begin)
                    workers.append((nik, kpj, name, birth, sex, district, now))
                    jobs.append((nik, employer_ids[employer.npp], begin, end, not employer.without_jp))
                    wages.append(_wages_of(rng, employer, begin, end, plan))
                    counts.ended += end is not None
            before = max_id("registry_worker")
            insert_rows("registry_worker", ("nik", "kpj", "name", "birth_date", "sex", "region_id", "created_at"), workers)
            with connection.cursor() as cursor:
                cursor.execute("SELECT nik, id FROM registry_worker WHERE id > %s", [before])
                worker_ids = dict(cursor.fetchall())
            before = max_id("registry_employment")
            insert_rows("registry_employment", ("worker_id", "employer_id", "start_date", "end_date", "jkk", "jkm", "jht",
                                            "jp", "jkp"),
                    [(worker_ids[nik], employer_id, begin, end, True, True, True, jp, True)
                     for nik, employer_id, begin, end, jp in jobs])
            with connection.cursor() as cursor:
                cursor.execute("SELECT worker_id, id FROM registry_employment WHERE id > %s", [before])
                employment_ids = dict(cursor.fetchall())
            wage_rows = []
            for (nik, *_rest), reports in zip(jobs, wages, strict=True):
                employment_id = employment_ids[worker_ids[nik]]
                for effective, amount in reports:
                    wage_rows.append((employment_id, effective, Decimal(amount), effective + timedelta(days=7)))
            insert_rows("registry_wagereport", ("employment_id", "effective_from", "wage", "reported_on"), wage_rows)
            counts.workers += len(workers)
            counts.employments += len(jobs)
            counts.wages += len(wage_rows)
        analyze_tables("registry_employer", "registry_worker", "registry_employment", "registry_wagereport")
    return counts
