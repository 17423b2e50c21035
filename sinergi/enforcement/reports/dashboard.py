"""The enforcement dashboard of Kanwil leadership: the funnel, recovery rates over time, oldest open work.

Everything within the viewer's scope (``scoped``):

- **Funnel** (distinct employers): in arrears today (``EmployerSummary.arrears > 0``) → warned (a case
  with a Surat Peringatan 1/2 letter or step) → referred (an SKK or a PUPN handover that was handed over)
  → settled (an SKK settled, a PUPN case paid, or a case closed as settled).
- **Recovery rate by Kejari and by KPKNL, monthly**: at each month end, what was recovered up to that day
  divided by what had been handed over up to that day. PUPN: ``pupn.pupn_recovered(until=…)``. SKK:
  ledger payments of the employer from the SKK date (until a later SKK of the employer or ``settled_on``),
  plus the legacy register's realised amount counted on ``settled_on`` (or the SKK date), capped at the SKK
  amount — the rule of ``recoveries.with_realised`` spread over time (a legacy amount is dated by its
  settlement instead of by the import, so a register loaded today does not show as recovered today).
- **Oldest open work**: compliance cases, SKKs and PUPN cases still open, oldest first.

The chart is an inline SVG drawn here (no JavaScript library, nothing from a CDN).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sinergi.clock import today
from sinergi.enforcement.models import Case, Letter, PupnCase, PupnHandover, Skk, Step
from sinergi.enforcement.pupn.services import pupn_recovered
from sinergi.enforcement.reports.selectors import percent
from sinergi.formatting import MONTHS_EN, MONTHS_ID, format_percent
from sinergi.orgs.scoping import scoped
from sinergi.receivables.models import EmployerSummary, Payment
from sinergi.rules.money import ZERO
from sinergi.rules.periods import add_months

MONTHS_SHOWN = 12  # months on the chart's time axis (not law: a leadership view)
OLDEST_SHOWN = 10  # rows of the oldest open work
PALETTE = ("#1b7f5b", "#c0392b", "#2e6da4", "#d68910", "#7d3c98", "#117a8b", "#7f8c8d", "#a04000",
           "#1e8449", "#5b2c6f", "#b03a2e", "#21618c")


@dataclass
class FunnelStep:
    key: str
    label: str
    employers: int
    share: Decimal | None  # of the first step


@dataclass
class Series:
    name: str
    kind: str  # "skk" | "pupn"
    points: list[Decimal | None]

    @property
    def last(self) -> Decimal | None:
        return next((p for p in reversed(self.points) if p is not None), None)


@dataclass
class OpenItem:
    kind: str
    reference: str
    employer: str
    unit: str
    since: dt.date
    amount: Decimal
    stage: str
    url: str = ""


@dataclass
class Dashboard:
    funnel: list[FunnelStep]
    months: list[dt.date]
    series: list[Series]
    oldest: list[OpenItem]

    @property
    def chart_svg(self) -> str:
        return line_chart_svg(self.months, self.series)


def _month_ends(end: dt.date, count: int) -> list[dt.date]:
    first = end.replace(day=1)
    ends = []
    for back in range(count - 1, -1, -1):
        start = add_months(first, -back)
        ends.append(min(add_months(start, 1) - dt.timedelta(days=1), end))
    return ends


def funnel(*, user) -> list[FunnelStep]:
    arrears = set(scoped(EmployerSummary, user).filter(arrears__gt=0).values_list("employer_id", flat=True))
    warned = set(scoped(Case, user).filter(
        Q(letters__kind__in=[Letter.Kind.WARNING_1, Letter.Kind.WARNING_2])
        | Q(steps__kind__in=[Step.Kind.WARNING_1, Step.Kind.WARNING_2])).values_list("employer_id", flat=True))
    skk = set(scoped(Skk, user).values_list("employer_id", flat=True))
    pupn = set(scoped(PupnCase, user).filter(handover__status=PupnHandover.Status.HANDED_OVER)
               .values_list("employer_id", flat=True))
    settled = (set(scoped(Skk, user).filter(status=Skk.Status.SETTLED).values_list("employer_id", flat=True))
               | set(scoped(PupnCase, user).filter(stage=PupnCase.Stage.PAID).values_list("employer_id", flat=True))
               | set(scoped(Case, user).filter(stage=Case.Stage.SETTLED).values_list("employer_id", flat=True)))
    steps = [("arrears", _("Menunggak iuran"), len(arrears)), ("warned", _("Diberi surat peringatan"), len(warned)),
             ("referred", _("Diserahkan ke Kejaksaan (SKK) atau PUPN"), len(skk | pupn)),
             ("settled", _("Selesai/lunas"), len(settled))]
    first = steps[0][2]
    return [FunnelStep(key, label, n, percent(n, first)) for key, label, n in steps]


def _skk_series(*, user, months: list[dt.date]) -> list[Series]:
    skks = list(scoped(Skk, user).filter(dated__lte=months[-1]).select_related("kejari")
                .values("pk", "employer_id", "kejari__name", "dated", "amount", "settled_on", "legacy",
                        "legacy_realised"))
    if not skks:
        return []
    next_dated: dict[int, dt.date] = {}
    by_employer: dict[int, list[dict]] = defaultdict(list)
    for s in sorted(skks, key=lambda s: (s["dated"], s["pk"])):
        by_employer[s["employer_id"]].append(s)
    for items in by_employer.values():
        for current, later in zip(items, items[1:], strict=False):
            next_dated[current["pk"]] = later["dated"]
    payments = defaultdict(list)
    for employer_id, paid_on, amount in Payment.objects.filter(
            employer_id__in=list(by_employer), status=Payment.Status.POSTED,
            paid_on__gte=min(s["dated"] for s in skks), paid_on__lte=months[-1]).values_list(
            "employer_id", "paid_on", "amount"):
        payments[employer_id].append((paid_on, amount))
    groups: dict[str, list[Decimal | None]] = {}
    for name in sorted({s["kejari__name"] for s in skks}):
        groups[name] = []
    for month_end in months:
        handed: dict[str, Decimal] = defaultdict(lambda: ZERO)
        recovered: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for s in skks:
            if s["dated"] > month_end:
                continue
            handed[s["kejari__name"]] += s["amount"]
            last = min(d for d in (month_end, s["settled_on"],
                                   next_dated[s["pk"]] - dt.timedelta(days=1) if s["pk"] in next_dated else None)
                       if d is not None)
            ledger = sum((a for d, a in payments[s["employer_id"]] if s["dated"] <= d <= last), ZERO)
            legacy = s["legacy_realised"] if (s["settled_on"] or s["dated"]) <= month_end else ZERO
            recovered[s["kejari__name"]] += min(ledger + legacy, s["amount"])
        for name in groups:
            groups[name].append(percent(recovered[name], handed[name]))
    return [Series(name, "skk", points) for name, points in groups.items()]


def _pupn_series(*, user, months: list[dt.date]) -> list[Series]:
    cases = list(scoped(PupnCase, user).filter(handover__status=PupnHandover.Status.HANDED_OVER,
                                               handover__dated__lte=months[-1]).select_related("handover__kpknl"))
    if not cases:
        return []
    groups: dict[str, list[Decimal | None]] = {name: [] for name in sorted({c.handover.kpknl.name for c in cases})}
    for month_end in months:
        current = [c for c in cases if c.handover.dated <= month_end]
        recovered = pupn_recovered(current, until=month_end) if current else {}
        handed: dict[str, Decimal] = defaultdict(lambda: ZERO)
        got: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for c in current:
            handed[c.handover.kpknl.name] += c.amount
            got[c.handover.kpknl.name] += recovered[c.pk]
        for name in groups:
            groups[name].append(percent(got[name], handed[name]))
    return [Series(name, "pupn", points) for name, points in groups.items()]


def oldest_open(*, user) -> list[OpenItem]:
    from django.urls import NoReverseMatch, reverse

    def url(name: str, pk: int) -> str:
        try:
            return reverse(name, kwargs={"pk": pk})
        except NoReverseMatch:
            return ""

    items = []
    for c in scoped(Case, user).filter(closed_on__isnull=True).select_related("employer", "branch").order_by(
            "opened_on", "pk")[:OLDEST_SHOWN]:
        items.append(OpenItem(_("Kasus"), c.number, c.employer.name, c.branch.name, c.opened_on, c.amount,
                              c.get_stage_display(), url("enforcement:case_detail", c.pk)))
    for s in scoped(Skk, user).filter(status__in=Skk.OPEN_STATUSES).select_related("employer", "kejari").order_by(
            "dated", "pk")[:OLDEST_SHOWN]:
        items.append(OpenItem(_("SKK"), s.number, s.employer.name, s.kejari.name, s.dated, s.amount,
                              s.get_status_display(), url("enforcement:skk_detail", s.pk)))
    for p in (scoped(PupnCase, user).filter(handover__status=PupnHandover.Status.HANDED_OVER)
              .exclude(stage__in=[PupnCase.Stage.PAID, PupnCase.Stage.REJECTED])
              .select_related("employer", "handover__kpknl").order_by("handover__dated", "pk")[:OLDEST_SHOWN]):
        items.append(OpenItem(_("PUPN"), p.handover.number, p.employer.name, p.handover.kpknl.name,
                              p.handover.dated, p.amount, p.get_stage_display(),
                              url("enforcement:pupn_detail", p.handover_id)))
    items.sort(key=lambda i: (i.since, i.reference))
    return items[:OLDEST_SHOWN]


def dashboard_build(*, user, end: dt.date | None = None) -> Dashboard:
    months = _month_ends(end or today(), MONTHS_SHOWN)
    return Dashboard(funnel=funnel(user=user), months=months,
                     series=_skk_series(user=user, months=months) + _pupn_series(user=user, months=months),
                     oldest=oldest_open(user=user))


def line_chart_svg(months: list[dt.date], series: list[Series], *, width: int = 760, height: int = 300) -> str:
    """Recovery rate (0–100 %) per series over the months, as accessible inline SVG."""
    left, right, top, bottom = 44, 12, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(months) - 1, 1)

    def x(i: int) -> float:
        return left + plot_w * i / n

    def y(value: Decimal) -> float:
        return top + plot_h * (1 - min(float(value), 100.0) / 100.0)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'class="recovery-chart" data-testid="recovery-chart" aria-labelledby="chart-title">',
             f'<title id="chart-title">{escape(_("Tingkat pemulihan per bulan"))}</title>']
    for tick in range(0, 101, 25):
        ty = y(Decimal(tick))
        parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" font-size="11" text-anchor="end" fill="#555">'
                     f'{tick}%</text>')
    names = MONTHS_EN if (get_language() or "id").startswith("en") else MONTHS_ID
    for i, month in enumerate(months):
        if len(months) <= 12 or i % 2 == 0:
            label = f"{names[month.month - 1][:3]} {month.year % 100:02d}"
            parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" font-size="10" text-anchor="middle" '
                         f'fill="#555">{escape(label)}</text>')
    for index, s in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        dash = ' stroke-dasharray="5 3"' if s.kind == "pupn" else ""
        points = [(x(i), y(v)) for i, v in enumerate(s.points) if v is not None]
        if points:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="{path}" '
                         f'data-series="{escape(s.name)}"><title>{escape(s.name)}</title></polyline>')
            for (px, py), value in zip(points, [v for v in s.points if v is not None], strict=True):
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{color}"><title>'
                             f'{escape(s.name)}: {escape(format_percent(value))}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside is escaped above


def legend(series: list[Series]) -> list[dict]:
    return [{"name": s.name, "color": PALETTE[i % len(PALETTE)], "kind": s.kind, "last": s.last}
            for i, s in enumerate(series)]
