"""Reads of coverage, always through the user's scope (``user=None`` is the system: the CLI operator).

``coverage_report`` answers, for a scope (a BPJS unit and its subtree, a province or a regency) and a month:
the active participants, the potential (the workforce estimate minus the exclusions that are stored), the
coverage percentage and the gap, the growth against the same month a year before and against any chosen
month, by segment, by sector and by regency, and a 12-month trend. It always names the definition of an
active participant and the denominator source it used: the numbers mean nothing without them.

Percentages come from ``sinergi.rules.coverage`` (coverage to two decimals, growth to one, half up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q, QuerySet, Sum

from sinergi.coverage.models import CoverageFact, Segment, WorkforceEstimate
from sinergi.coverage.services import month_start
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.scoping import scoped
from sinergi.regions.models import Region
from sinergi.rules.coverage import active_definition, coverage_ratio, denominator_exclusions, growth
from sinergi.rules.periods import add_months

TREND_MONTHS = 12
SECTOR_LABELS = {
    "A": "Pertanian, kehutanan dan perikanan", "B": "Pertambangan dan penggalian", "C": "Industri pengolahan",
    "D": "Listrik dan gas", "E": "Air dan pengelolaan limbah", "F": "Konstruksi", "G": "Perdagangan",
    "H": "Transportasi dan pergudangan", "I": "Akomodasi dan makan minum", "J": "Informasi dan komunikasi",
    "K": "Keuangan dan asuransi", "L": "Real estat", "M": "Jasa profesional", "N": "Jasa persewaan dan penunjang",
    "O": "Administrasi pemerintahan", "P": "Pendidikan", "Q": "Kesehatan dan kegiatan sosial",
    "R": "Kesenian dan rekreasi", "S": "Jasa lainnya", "T": "Rumah tangga", "U": "Badan internasional",
    "": "Tidak diketahui",
}


class ScopeError(ValueError):
    """A scope the report cannot be drawn for (an unknown code); the message is Indonesian."""


@dataclass(frozen=True)
class Scope:
    kind: str  # all | unit | province | regency
    code: str
    label: str
    unit: OrgUnit | None = None


@dataclass
class Denominator:
    source: str = ""
    year: int | None = None
    period: str = ""
    definition: str = ""
    publication: str = ""
    confidence: str = ""
    estimate: int | None = None  # before exclusions
    potential: int | None = None  # after exclusions
    exclusions: list[dict] = field(default_factory=list)  # {category, value | None, applied}
    regions: int = 0
    sources: list[str] = field(default_factory=list)  # every source stored for the scope's regions


@dataclass
class Row:
    key: str
    label: str
    participants: int
    previous: int | None = None
    growth: Decimal | None = None
    potential: int | None = None
    coverage: Decimal | None = None
    gap: int | None = None


@dataclass
class CoverageReport:
    scope: Scope
    month: dt.date
    definition: object  # sinergi.rules.coverage.Definition
    programme: str
    segment: str
    participants: int
    denominator: Denominator
    coverage: Decimal | None
    gap: int | None
    previous_year: int
    growth_year: Decimal | None
    compare_month: dt.date | None
    compare: int | None
    growth_compare: Decimal | None
    by_segment: list[Row]
    by_sector: list[Row]
    regencies: list[Row]
    trend: list[tuple[dt.date, int]]
    scale: Decimal  # > 1: demo figures scaled ×scale
    computed: bool  # whether any fact exists for the month under this definition

    @property
    def scale_label(self) -> str:
        """``77,3`` (the demo's factor, one decimal, Indonesian comma)."""
        return f"{self.scale:.1f}".replace(".", ",")


def scope_resolve(*, unit: str = "", province: str = "", regency: str = "") -> Scope:
    """A scope from a BPJS unit code, a province code (``53``) or a regency code (``53.71``)."""
    if unit:
        found = OrgUnit.objects.filter(code=unit).first()
        if found is None:
            raise ScopeError(f"Unit organisasi {unit!r} tidak ditemukan.")
        return Scope("unit", found.code, found.name, found)
    for code, kind, level in ((regency, "regency", Region.Level.REGENCY), (province, "province", Region.Level.PROVINCE)):
        if code:
            region = Region.objects.filter(code=code.strip(), level=level).first()
            if region is None:
                raise ScopeError(f"Kode wilayah {code!r} bukan {'kabupaten/kota' if level == 2 else 'provinsi'}.")
            return Scope(kind, region.code, region.name)
    return Scope("all", "", "Semua wilayah yang terlihat")


def facts_visible(*, user) -> QuerySet:
    return CoverageFact.objects.all() if user is None else scoped(CoverageFact, user)


def _filter(qs: QuerySet, scope: Scope, programme: str, segment: str, definition: str) -> QuerySet:
    qs = qs.filter(programme=programme, definition=definition)
    if segment:
        qs = qs.filter(segment=segment)
    if scope.kind == "province":
        qs = qs.filter(province_code=scope.code)
    elif scope.kind == "regency":
        qs = qs.filter(regency_code=scope.code)
    elif scope.kind == "unit":
        qs = qs.filter(Q(branch__path__startswith=scope.unit.path) | Q(pemda_regency=scope.unit)
                       | Q(pemda_province=scope.unit) | Q(disnaker_regency=scope.unit) | Q(disnaker_province=scope.unit))
    return qs


def _scope_regions(scope: Scope, facts: QuerySet) -> list[str]:
    """The regions whose estimates form the denominator: the province or regency itself; for a unit, the
    working area (jurisdiction) of the unit and its subtree, else the regencies its facts are in."""
    if scope.kind in ("province", "regency"):
        return [scope.code]
    if scope.kind == "unit":
        codes = set(Region.objects.filter(serving_units__path__startswith=scope.unit.path)
                    .values_list("code", flat=True))
        if codes:
            # A province in the working area stands for its regencies: do not count both.
            provinces = {c for c in codes if len(c) == 2}
            return sorted(c for c in codes if len(c) == 2 or c[:2] not in provinces)
    return sorted({c for c in facts.values_list("province_code", flat=True).distinct() if c})


def _estimates(regions: list[str], year: int, source: str) -> tuple[dict[str, WorkforceEstimate], list[str]]:
    """The latest estimate on or before ``year`` per region (of ``source`` when given, else the source with
    the most regions, then the alphabetically first), sector and status totals only. One query."""
    rows = list(WorkforceEstimate.objects.filter(
        region_id__in=regions, year__lte=year, sector="", employment_status="",
        category=WorkforceEstimate.Category.WORKFORCE).order_by("region_id", "-year", "period"))
    sources = sorted({e.source for e in rows})
    if not sources:
        return {}, []
    if not source or source not in sources:
        counts = {s: len({e.region_id for e in rows if e.source == s}) for s in sources}
        source = sorted(sources, key=lambda s: (-counts[s], s))[0]
    chosen: dict[str, WorkforceEstimate] = {}
    for estimate in rows:
        if estimate.source == source:
            chosen.setdefault(estimate.region_id, estimate)
    return chosen, sources


def _denominator(regions: list[str], month: dt.date, source: str, exclusions) -> Denominator:
    chosen, sources = _estimates(regions, month.year, source)
    d = Denominator(sources=sources, regions=len(chosen))
    if not chosen:
        return d
    first = next(iter(chosen.values()))
    d.source, d.year, d.period, d.definition = first.source, max(e.year for e in chosen.values()), first.period, \
        first.definition
    d.publication, d.confidence = first.publication, first.confidence
    d.estimate = sum(e.value for e in chosen.values())
    subtract = 0
    for category in exclusions.categories:
        rows = WorkforceEstimate.objects.filter(
            region_id__in=list(chosen), category=category, sector="", employment_status="",
            year__in={e.year for e in chosen.values()}, source=d.source)
        value = rows.aggregate(s=Sum("value"))["s"]
        d.exclusions.append({"category": category, "value": value, "applied": value is not None})
        subtract += value or 0
    d.potential = d.estimate - subtract
    return d


def _sum(qs: QuerySet, month: dt.date) -> int:
    return qs.filter(month=month).aggregate(s=Sum("participants"))["s"] or 0


def _grouped(qs: QuerySet, months: list[dt.date], field_name: str) -> dict[dt.date, dict[str, int]]:
    """Participants by ``field_name`` for each of ``months``, in one GROUP BY."""
    out: dict[dt.date, dict[str, int]] = {m: {} for m in months}
    for row in qs.filter(month__in=months).values("month", field_name).annotate(s=Sum("participants")).order_by():
        out[row["month"]][row[field_name]] = row["s"]
    return out


def coverage_report(*, user, month, scope: Scope | None = None, compare=None, definition: str | None = None,
                    programme: str = "jkk", segment: str = "", source: str = "",
                    exclusions: tuple[str, ...] | None = None) -> CoverageReport:
    """The coverage of ``scope`` in ``month``; see the module docstring. ``programme`` defaults to JKK: every
    participant, PU or BPU, is enrolled in JKK, so it counts each participation once."""
    month = month_start(month)
    scope = scope or Scope("all", "", "Semua wilayah yang terlihat")
    rule = active_definition(on=month, choice=definition)
    excluded = denominator_exclusions(on=month, override=exclusions)
    facts = _filter(facts_visible(user=user), scope, programme, segment, rule.code)
    previous_month = add_months(month, -12)
    grouped = {name: _grouped(facts, [month, previous_month], name) for name in ("segment", "sector", "regency_code")}
    participants = sum(grouped["segment"][month].values())
    previous = sum(grouped["segment"][previous_month].values())
    compare_month = month_start(compare) if compare else None
    compared = _sum(facts, compare_month) if compare_month else None
    denominator = _denominator(_scope_regions(scope, facts), month, source, excluded)
    potential = denominator.potential

    def rows(field_name: str, labels) -> list[Row]:
        now, before = grouped[field_name][month], grouped[field_name][previous_month]
        out = [Row(key, labels(key), value, before.get(key), growth(current=value, previous=before.get(key) or 0))
               for key, value in now.items()]
        return sorted(out, key=lambda r: -r.participants)

    segment_labels = dict(Segment.choices)
    by_segment = rows("segment", lambda k: str(segment_labels.get(k, k)))
    by_sector = rows("sector", lambda k: SECTOR_LABELS.get(k, k.capitalize() if k else "Tidak diketahui"))
    regencies = rows("regency_code", lambda k: k)
    names = dict(Region.objects.filter(code__in=[r.key for r in regencies]).values_list("code", "name"))
    regency_estimates, _ = _estimates([r.key for r in regencies if r.key], month.year, denominator.source)
    for row in regencies:
        row.label = names.get(row.key, "Wilayah tidak diketahui")
        estimate = regency_estimates.get(row.key)
        if estimate is not None:
            row.potential = estimate.value
            row.coverage = coverage_ratio(participants=row.participants, potential=estimate.value)
            row.gap = estimate.value - row.participants
    regencies.sort(key=lambda r: (r.coverage is None, r.coverage or 0, r.label))

    first = add_months(month, -(TREND_MONTHS - 1))
    series = dict(facts.filter(month__gte=first, month__lte=month).values_list("month").annotate(s=Sum("participants"))
                  .order_by())
    trend, m = [], first
    while m <= month:
        trend.append((m, series.get(m, 0)))
        m = add_months(m, 1)
    scale = facts.filter(month=month).aggregate(s=Max("scale"))["s"] or 1
    computed = facts_visible(user=user).filter(month=month, definition=rule.code).exists()
    return CoverageReport(
        scope=scope, month=month, definition=rule, programme=programme, segment=segment,
        participants=participants, denominator=denominator,
        coverage=coverage_ratio(participants=participants, potential=potential) if potential else None,
        gap=potential - participants if potential is not None else None,
        previous_year=previous, growth_year=growth(current=participants, previous=previous),
        compare_month=compare_month, compare=compared,
        growth_compare=growth(current=participants, previous=compared) if compared is not None else None,
        by_segment=by_segment, by_sector=by_sector, regencies=regencies, trend=trend, scale=scale, computed=computed,
    )


def report_jsonable(report: CoverageReport) -> dict:
    """The report for ``--json``: counts as integers, percentages as strings, months ``YYYY-MM``."""
    def pct(value):
        return None if value is None else str(value)

    def row(r: Row) -> dict:
        return {"key": r.key, "label": r.label, "participants": r.participants, "previous_year": r.previous,
                "growth_year_pct": pct(r.growth), "potential": r.potential, "coverage_pct": pct(r.coverage),
                "gap": r.gap}

    d = report.denominator
    return {
        "scope": {"kind": report.scope.kind, "code": report.scope.code, "label": report.scope.label},
        "month": f"{report.month:%Y-%m}", "programme": report.programme, "segment": report.segment or "semua",
        "definition": {"code": report.definition.code, "label": report.definition.label,
                       "default": report.definition.default, "source": report.definition.citation},
        "participants": report.participants,
        "denominator": {"source": d.source, "year": d.year, "period": d.period, "definition": d.definition,
                        "publication": d.publication, "confidence": d.confidence, "estimate": d.estimate,
                        "exclusions": d.exclusions, "potential": d.potential, "regions": d.regions,
                        "sources_available": d.sources},
        "coverage_pct": pct(report.coverage), "gap": report.gap,
        "same_month_last_year": {"month": f"{add_months(report.month, -12):%Y-%m}", "participants": report.previous_year,
                                 "growth_pct": pct(report.growth_year)},
        "compare": None if report.compare_month is None else {
            "month": f"{report.compare_month:%Y-%m}", "participants": report.compare,
            "growth_pct": pct(report.growth_compare)},
        "by_segment": [row(r) for r in report.by_segment],
        "by_sector": [row(r) for r in report.by_sector],
        "regencies": [row(r) for r in report.regencies],
        "trend": [{"month": f"{m:%Y-%m}", "participants": v} for m, v in report.trend],
        "scale": str(report.scale), "computed": report.computed,
    }


def latest_month(*, user, definition: str) -> dt.date | None:
    """The latest month with facts the user may see (the page's default)."""
    return facts_visible(user=user).filter(definition=definition).aggregate(m=Max("month"))["m"]


def drilldown_employers(*, user, month, regency: str = "", sector: str = "", segment: str = ""):
    """The employers behind a number, through the registry's scoped selector (``employers_visible``):
    employers of the regency (and sector) with an employment open on some day of the month, with the
    number of those employments. Only for people who may see employers (``registry.view``)."""
    from django.db.models import Count

    from sinergi.coverage.services import month_end
    from sinergi.registry.selectors import employers_visible

    first = month_start(month)
    last = month_end(first)
    open_in_month = (Q(employments__start_date__lte=last)
                     & (Q(employments__end_date__isnull=True) | Q(employments__end_date__gte=first)))
    qs = employers_visible(user=user)
    if regency:
        qs = qs.filter(region__code__startswith=regency)
    if sector:
        qs = qs.filter(sector=sector)
    if segment == "jakon":
        qs = qs.filter(is_construction_project=True)
    elif segment == "pu":
        qs = qs.filter(is_construction_project=False)
    return (qs.annotate(active=Count("employments", filter=open_in_month)).filter(active__gt=0)
            .select_related("branch", "region").order_by("-active", "name"))


def prospect_employers(*, user, month):
    """Registered employers to visit: active in the registry but with no worker whose employment is open
    on the last day of the month, or with open employments missing a programme (JHT, JP or JKP)."""
    from django.db.models import Count

    from sinergi.coverage.services import month_end
    from sinergi.registry.models import Employer
    from sinergi.registry.selectors import employers_visible

    last = month_end(month_start(month))
    open_on = Q(employments__start_date__lte=last) & (Q(employments__end_date__isnull=True)
                                                     | Q(employments__end_date__gte=last))
    partial = open_on & (Q(employments__jht=False) | Q(employments__jp=False) | Q(employments__jkp=False))
    qs = (employers_visible(user=user).filter(status=Employer.Status.ACTIVE, registered_on__lte=last)
          .annotate(active=Count("employments", filter=open_on), partial=Count("employments", filter=partial))
          .filter(Q(active=0) | Q(partial__gt=0)).select_related("branch", "region"))
    return qs.order_by("active", "-partial", "name")


def workforce_visible(*, user):
    return WorkforceEstimate.objects.all() if user is None else scoped(WorkforceEstimate, user)
