"""The enforcement reports: monev for the prosecutors, PUPN per Kanwil DJKN, the arrears data exchange.

Every figure is read through the scoping mechanism:

- **Monev** (per province and period, one row per Kejari of the province, zero rows included): the SKKs
  dated in the period, counted from ``scoped(Skk, user)`` — a Kejati sees its Kejari's SKKs (and its rows),
  a Kejari its own row, a BPJS office the SKKs its branches gave (all the province's Kejari as rows).
  Realised amounts come from :func:`sinergi.enforcement.skk.recoveries.with_realised` (one query). Settled =
  status *settled*; in progress = the open statuses; failed = *failed* or *returned* to BPJS, with the
  obstacles counted. Realisation % = realised × 100 / potential, rounded half up to two decimals (None
  when nothing was handed over).
- **PUPN** (per Kanwil DJKN and period, one row per KPKNL): handovers handed over in the period, their
  employers and amounts, the cases per current stage, and what was recovered (``pupn.pupn_recovered``).
- **Exchange**: registered employers with principal arrears on the day, each under the Kejari (or the
  Kejati, where no Kejari's jurisdiction lists the regency) whose jurisdiction contains the employer's
  regency. BPJS users get the employers of their scope (``scoped``); Kejaksaan users the employers located
  in the jurisdiction of the Kejaksaan units they see — the data the prosecutors asked for, before any SKK
  exists. Nobody else gets rows.

JSON (``as_json``): rupiah as plain integers, percentages as strings with two decimals (``"51.65"``) or
null, dates ISO.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from sinergi.clock import today
from sinergi.enforcement.models import PupnCase, PupnHandover, Skk
from sinergi.enforcement.pupn.services import pupn_recovered, region_unit
from sinergi.enforcement.skk.recoveries import with_realised
from sinergi.formatting import format_date
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import is_unrestricted, scoped
from sinergi.receivables.models import EmployerSummary, Payment
from sinergi.receivables.penalties import bills_penalties, penalties_by_employer
from sinergi.regions.models import Region
from sinergi.rules.money import ZERO

FAILED_STATUSES = (Skk.Status.FAILED, Skk.Status.RETURNED)
PENALTY_CHUNK = 2000  # employers per penalty computation: bounded memory (not law)
KEJAKSAAN_KINDS = (UnitKind.KEJARI.value, UnitKind.KEJATI.value)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _pct_json(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def label(self) -> str:
        if self.date_from.month == 1 and self.date_from.day == 1 and self.date_to == dt.date(
                self.date_from.year, 12, 31):
            return _("tahun %(year)s") % {"year": self.date_from.year}
        return _("%(start)s s.d. %(end)s") % {"start": format_date(self.date_from), "end": format_date(self.date_to)}


def _user_unit_kind(user) -> str | None:
    unit = getattr(user, "org_unit", None)
    return unit.kind if unit is not None else None


def _viewer(user) -> str:
    unit = getattr(user, "org_unit", None)
    return unit.name if unit is not None else "Sinergi"


# --- monev -----------------------------------------------------------------------------------------------

@dataclass
class MonevRow:
    kejari_id: int | None
    kejari_code: str
    kejari_name: str
    skk: int = 0
    potential: Decimal = ZERO
    realised: Decimal = ZERO
    settled: int = 0
    in_progress: int = 0
    failed: int = 0
    obstacles: Counter = field(default_factory=Counter)

    @property
    def realisation_pct(self) -> Decimal | None:
        return percent(self.realised, self.potential)

    def add(self, other: MonevRow) -> None:
        self.skk += other.skk
        self.potential += other.potential
        self.realised += other.realised
        self.settled += other.settled
        self.in_progress += other.in_progress
        self.failed += other.failed
        self.obstacles.update(other.obstacles)

    def obstacle_items(self) -> list[tuple[str, int]]:
        labels = dict(Skk.Obstacle.choices)
        return [(str(labels.get(code, _("Tanpa keterangan"))), n) for code, n in sorted(
            self.obstacles.items(), key=lambda kv: (-kv[1], kv[0]))]

    def as_json(self) -> dict:
        return {"kejari": self.kejari_code, "kejari_name": self.kejari_name, "skk": self.skk,
                "potential": int(self.potential), "realised": int(self.realised),
                "realisation_pct": _pct_json(self.realisation_pct), "settled": self.settled,
                "in_progress": self.in_progress, "failed": self.failed,
                "obstacles": {code or "unspecified": n for code, n in sorted(self.obstacles.items())}}


@dataclass
class MonevReport:
    province: str
    province_name: str
    period: Period
    rows: list[MonevRow]
    total: MonevRow
    viewer_unit: str = ""

    @property
    def period_label(self) -> str:
        return self.period.label

    def as_json(self) -> dict:
        total = self.total.as_json()
        del total["kejari"], total["kejari_name"]
        return {"province": self.province, "province_name": self.province_name,
                "period": {"from": self.period.date_from.isoformat(), "to": self.period.date_to.isoformat()},
                "rows": [r.as_json() for r in self.rows], "total": total}


def province_kejaksaan(province: str) -> list[OrgUnit]:
    """The Kejari seated in the province, then its Kejati (rows of the monev report)."""
    units = OrgUnit.objects.filter(kind__in=KEJAKSAAN_KINDS, is_active=True).filter(
        Q(region_id=province) | Q(region__code__startswith=province + "."))
    return sorted(units, key=lambda u: (u.kind == UnitKind.KEJATI.value, u.name))


def monev_report(*, user, province: str, period: Period) -> MonevReport:
    """One row per Kejari of ``province`` that the user may report on (module docstring); a Kejati row only
    when SKKs were addressed to the Kejati itself."""
    province_region = Region.objects.filter(code=province).first()
    units = province_kejaksaan(province)
    if user is not None and not is_unrestricted(user) and _user_unit_kind(user) in KEJAKSAAN_KINDS:
        visible = set(scoped(OrgUnit, user).values_list("pk", flat=True))
        units = [u for u in units if u.pk in visible]
    skks = Skk.objects.all() if user is None else scoped(Skk, user)
    skks = skks.filter(kejari__in=[u.pk for u in units], dated__gte=period.date_from, dated__lte=period.date_to)
    rows = {u.pk: MonevRow(u.pk, u.code, u.name) for u in units}
    for kejari_id, status, obstacle, amount, realised in (
            with_realised(skks).order_by().values_list("kejari_id", "status", "obstacle", "amount", "realised")):
        row = rows[kejari_id]
        row.skk += 1
        row.potential += amount
        row.realised += Decimal(realised or 0)
        if status == Skk.Status.SETTLED:
            row.settled += 1
        elif status in FAILED_STATUSES:
            row.failed += 1
            row.obstacles[obstacle] += 1
        else:
            row.in_progress += 1
    result = [r for u in units for r in [rows[u.pk]] if u.kind == UnitKind.KEJARI.value or r.skk]
    total = MonevRow(None, "", _("Jumlah"))
    for r in result:
        total.add(r)
    return MonevReport(province=province, province_name=province_region.name if province_region else province,
                       period=period, rows=result, total=total, viewer_unit=_viewer(user))


# --- PUPN ------------------------------------------------------------------------------------------------

@dataclass
class PupnRow:
    kpknl_id: int | None
    kpknl_code: str
    kpknl_name: str
    handovers: int = 0
    employers: int = 0
    amount: Decimal = ZERO
    recovered: Decimal = ZERO
    stages: Counter = field(default_factory=Counter)
    stage_list: list[int] = field(default_factory=list)

    @property
    def recovery_pct(self) -> Decimal | None:
        return percent(self.recovered, self.amount)

    def as_json(self) -> dict:
        return {"kpknl": self.kpknl_code, "kpknl_name": self.kpknl_name, "handovers": self.handovers,
                "employers": self.employers, "amount": int(self.amount), "recovered": int(self.recovered),
                "recovery_pct": _pct_json(self.recovery_pct), "stages": dict(sorted(self.stages.items()))}


@dataclass
class PupnReport:
    kanwil_code: str
    kanwil_name: str
    period: Period
    rows: list[PupnRow]
    total: PupnRow
    stages: list[tuple[str, str]]

    @property
    def period_label(self) -> str:
        return self.period.label

    def stage_cells(self, row: PupnRow) -> list[int]:
        return [row.stages.get(code, 0) for code, _label in self.stages]

    def as_json(self) -> dict:
        total = self.total.as_json()
        del total["kpknl"], total["kpknl_name"]
        return {"kanwil_djkn": self.kanwil_code, "kanwil_name": self.kanwil_name,
                "period": {"from": self.period.date_from.isoformat(), "to": self.period.date_to.isoformat()},
                "rows": [r.as_json() for r in self.rows], "total": total}


def pupn_report(*, user, kanwil: OrgUnit, period: Period) -> PupnReport:
    units = list(OrgUnit.objects.filter(kind=UnitKind.KPKNL.value, parent=kanwil, is_active=True).order_by("name"))
    if user is not None and not is_unrestricted(user) and _user_unit_kind(user) in (
            UnitKind.KPKNL.value, UnitKind.DJKN_KANWIL.value):
        visible = set(scoped(OrgUnit, user).values_list("pk", flat=True))
        units = [u for u in units if u.pk in visible]
    cases = PupnCase.objects.all() if user is None else scoped(PupnCase, user)
    cases = list(cases.filter(handover__kpknl__in=[u.pk for u in units],
                              handover__status=PupnHandover.Status.HANDED_OVER,
                              handover__dated__gte=period.date_from, handover__dated__lte=period.date_to)
                 .select_related("handover"))
    recovered = pupn_recovered(cases)
    rows = {u.pk: PupnRow(u.pk, u.code, u.name) for u in units}
    handovers: dict[int, set[int]] = defaultdict(set)
    for c in cases:
        row = rows[c.handover.kpknl_id]
        handovers[c.handover.kpknl_id].add(c.handover_id)
        row.employers += 1
        row.amount += c.amount
        row.recovered += recovered[c.pk]
        row.stages[c.stage] += 1
    total = PupnRow(None, "", _("Jumlah"))
    for pk, row in rows.items():
        row.handovers = len(handovers[pk])
        total.handovers += row.handovers
        total.employers += row.employers
        total.amount += row.amount
        total.recovered += row.recovered
        total.stages.update(row.stages)
    stages = [(c, str(label)) for c, label in PupnCase.Stage.choices]
    for row in [*rows.values(), total]:
        row.stage_list = [row.stages.get(code, 0) for code, _label in stages]
    return PupnReport(kanwil_code=kanwil.code, kanwil_name=kanwil.name, period=period,
                      rows=[rows[u.pk] for u in units], total=total,
                      stages=stages)


# --- data exchange ---------------------------------------------------------------------------------------

@dataclass
class ExchangeRow:
    kejari_id: int | None
    kejari_code: str
    kejari_name: str
    employer_id: int
    npp: str
    name: str
    address: str
    regency: str
    regency_name: str
    months: int
    principal: Decimal
    penalty: Decimal | None  # None until computed (exchange_fill_penalties)
    last_payment: dt.date | None


@dataclass
class Exchange:
    on: dt.date
    rows: list[ExchangeRow]

    @property
    def principal(self) -> Decimal:
        return sum((r.principal for r in self.rows), ZERO)

    @property
    def penalty(self) -> Decimal:
        return sum((r.penalty or ZERO for r in self.rows), ZERO)


def kejaksaan_jurisdictions() -> list[tuple[str, OrgUnit]]:
    """(region code, Kejari or Kejati) pairs, most specific first; a Kejari before its Kejati."""
    units = OrgUnit.objects.filter(kind__in=KEJAKSAAN_KINDS, is_active=True).prefetch_related("jurisdiction")
    pairs = [(region.code, u) for u in units for region in u.jurisdiction.all()]
    return sorted(pairs, key=lambda p: (-len(p[0]), p[1].kind != UnitKind.KEJARI.value, p[0], p[1].code))


def _region_q(codes) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(employer__region__code=code) | Q(employer__region__code__startswith=code + ".")
    return condition


def exchange_summaries(*, user):
    """The employer positions the user may receive in the exchange (module docstring), and the Kejaksaan
    units the rows are restricted to (None: no restriction by unit)."""
    base = EmployerSummary.objects.filter(arrears__gt=0)
    if user is None or is_unrestricted(user):
        return base, None
    if _user_unit_kind(user) in KEJAKSAAN_KINDS:
        units = scoped(OrgUnit.objects.filter(kind__in=KEJAKSAAN_KINDS), user)
        codes = set(Region.objects.filter(serving_units__in=units).values_list("code", flat=True))
        return base.filter(_region_q(codes)), set(units.values_list("pk", flat=True))
    return scoped(base, user), None


def exchange_build(*, user, on: dt.date | None = None, kejari: OrgUnit | None = None,
                   penalties: bool = True) -> Exchange:
    """The arrears list (module docstring), ordered by Kejari, then NPP, in a fixed number of queries: the
    positions, the jurisdictions, the last payments and (``penalties``) the denda of those employers. The
    denda is the costly part (the rules' penalty computation over every bill of those employers): a page
    builds without it and fills in its own rows with :func:`exchange_fill_penalties`."""
    on = on or today()
    qs, allowed = exchange_summaries(user=user)
    rows = list(qs.values("employer_id", "employer__npp", "employer__name", "employer__address",
                          "employer__region_id", "employer__region__name", "months_overdue", "arrears")
                .order_by("employer__npp"))
    pairs = kejaksaan_jurisdictions()
    last_paid = dict(Payment.objects.filter(employer__in=qs.values("employer_id"), status=Payment.Status.POSTED,
                                            paid_on__lte=on)
                     .values("employer_id").annotate(last=Max("paid_on")).values_list("employer_id", "last")
                     .order_by()) if rows else {}
    result = []
    for r in rows:
        unit = region_unit(r["employer__region_id"], pairs)
        if allowed is not None and (unit is None or unit.pk not in allowed):
            continue
        if kejari is not None and (unit is None or unit.pk != kejari.pk):
            continue
        result.append(ExchangeRow(
            kejari_id=unit.pk if unit else None, kejari_code=unit.code if unit else "",
            kejari_name=unit.name if unit else "", employer_id=r["employer_id"], npp=r["employer__npp"],
            name=r["employer__name"], address=r["employer__address"] or "", regency=r["employer__region_id"] or "",
            regency_name=r["employer__region__name"] or "", months=r["months_overdue"], principal=r["arrears"],
            penalty=None, last_payment=last_paid.get(r["employer_id"])))
    result.sort(key=lambda x: (x.kejari_name or "~", x.npp))
    exchange = Exchange(on=on, rows=result)
    if penalties:
        exchange_fill_penalties(result, on=on)
    return exchange


def exchange_fill_penalties(rows, *, on: dt.date) -> None:
    """Set ``penalty`` (denda accrued and unpaid on ``on``) on these rows, three queries per 2.000 employers."""
    rows = list(rows)
    for start in range(0, len(rows), PENALTY_CHUNK):
        chunk = rows[start:start + PENALTY_CHUNK]
        denda = penalties_by_employer(bills_penalties(as_of=on, employers=[r.employer_id for r in chunk]).values())
        for r in chunk:
            accrued, paid = denda.get(r.employer_id, (ZERO, ZERO))
            r.penalty = max(accrued - paid, ZERO)


def exchange_kejaksaan_units(*, user) -> list[OrgUnit]:
    """The Kejari/Kejati a user may filter the exchange by."""
    qs = OrgUnit.objects.filter(kind__in=KEJAKSAAN_KINDS, is_active=True)
    if user is not None and not is_unrestricted(user) and _user_unit_kind(user) in KEJAKSAAN_KINDS:
        qs = scoped(qs, user)
    return list(qs.order_by("kind", "name"))
