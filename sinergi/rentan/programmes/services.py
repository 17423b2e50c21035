"""Creating and reading vulnerable-worker programmes: defaults from the rules and from seed 004.

``programme_create`` is the one way a programme comes to exist (the setup screen, the demo and the tests all
call it). What it does not take from the caller it takes from the law (age band, declared income: rules
parameters) and from Kutai Kartanegara's practice (the occupation → OPD routing table), looking the OPDs up
among the Pemda's own units by their type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.audit.services import audit_record, snapshot
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import OpdType, UnitKind
from sinergi.rentan.models import BudgetLine, OccupationRoute, Programme
from sinergi.rules.contributions import bpu_contribution
from sinergi.rules.params import require

Category = OccupationRoute.Category

# Seed 004: farmers/planters → Disbun, fishers → DKP, ojek/drivers/boatmen → Dishub, waste pickers/cleaners →
# DLHK, marbot/guru ngaji/grave keepers → Kemenag, the others → Distransnaker. Keywords are matched as whole
# words in the lower-cased occupation; the first category with a hit wins, in this order.
DEFAULT_ROUTES: tuple[tuple[str, OpdType, tuple[str, ...]], ...] = (
    (Category.FARMER, OpdType.DISBUN, ("petani", "pekebun", "buruh tani", "peternak", "penyadap", "perkebunan",
                                       "pertanian", "tani")),
    (Category.FISHER, OpdType.DKP, ("nelayan", "pembudidaya", "tambak", "perikanan", "pengolah ikan")),
    (Category.TRANSPORT, OpdType.DISHUB, ("ojek", "ojol", "sopir", "supir", "pengemudi", "motoris", "klotok",
                                          "speedboat", "tukang perahu", "juru parkir", "tukang parkir",
                                          "buruh pelabuhan", "kernet")),
    (Category.CLEANER, OpdType.DLHK, ("pemulung", "petugas kebersihan", "tukang sapu", "penyapu jalan",
                                      "pengangkut sampah", "kebersihan")),
    (Category.RELIGIOUS, OpdType.KEMENAG, ("marbot", "guru ngaji", "penjaga makam", "penggali kubur",
                                           "pengurus masjid", "imam masjid", "muadzin")),
    (Category.OTHER, OpdType.DISNAKER, ()),
)


@dataclass(frozen=True)
class BudgetLineSpec:
    source: str  # BudgetLine.Source
    account: str  # BudgetLine.Account
    code: str
    name: str
    amount: Decimal


def _opd(pemda: OrgUnit, opd_type: OpdType) -> OrgUnit | None:
    return (OrgUnit.objects.filter(path__startswith=pemda.path, kind=UnitKind.OPD, opd_type=opd_type,
                                   is_active=True).order_by("path").first())


def programme_defaults(on: date) -> dict:
    """Age band and declared income in force on ``on`` (rules parameters, with their citations)."""
    return {
        "age_min": require("rentan/age_min", on).value,
        "age_max": require("rentan/age_max", on).value,
        "declared_income": require("rentan/declared_income", on).value,
    }


def monthly_contribution(programme: Programme, period: date) -> dict[str, Decimal]:
    """Per-person monthly contribution by programme component, from the rules (funding = APBD, so no
    PP 50/2025 discount ever applies)."""
    result = bpu_contribution(period=f"{period:%Y-%m}", income=programme.declared_income, funding="apbd",
                              jht=programme.jht)
    amounts = {line.programme: line.amount for line in result.lines}
    amounts["total"] = result.totals["total"]
    return amounts


@transaction.atomic
def programme_create(*, code: str, name: str, pemda: OrgUnit, region, legal_basis_type: str,
                     legal_basis_number: str, legal_basis_year: int, period_start: date, period_end: date,
                     quota: int, budget_lines: list[BudgetLineSpec], actor=None, owner: OrgUnit | None = None,
                     data_unit: OrgUnit | None = None, treasury: OrgUnit | None = None,
                     branch: OrgUnit | None = None, employer=None, jht: bool = False,
                     declared_income: Decimal | None = None, age_min: int | None = None,
                     age_max: int | None = None, eligible_categories: list[str] | None = None,
                     routes: dict[str, OrgUnit] | None = None) -> Programme:
    """Create a programme with its budget lines and routing table. Units not given are found among the
    Pemda's OPDs by type (Disnaker owner, Dinsos data, BPKD treasury); a missing one is a clear error."""
    defaults = programme_defaults(period_start)

    def needed(given: OrgUnit | None, opd_type: OpdType, label: str) -> OrgUnit:
        unit = given or _opd(pemda, opd_type)
        if unit is None:
            raise ValidationError(_("%(pemda)s belum memiliki %(what)s; tambahkan unitnya dahulu.")
                                  % {"pemda": pemda.name, "what": label})
        return unit

    programme = Programme(
        code=code, name=name, pemda=pemda, region=region,
        owner=needed(owner, OpdType.DISNAKER, _("Dinas Tenaga Kerja")),
        data_unit=needed(data_unit, OpdType.DINSOS, _("Dinas Sosial")),
        treasury=needed(treasury, OpdType.BPKD, _("BPKD")),
        branch=branch, employer=employer, legal_basis_type=legal_basis_type,
        legal_basis_number=legal_basis_number, legal_basis_year=legal_basis_year,
        period_start=period_start.replace(day=1), period_end=period_end.replace(day=1), jht=jht,
        declared_income=declared_income if declared_income is not None else defaults["declared_income"],
        quota=quota, age_min=age_min if age_min is not None else defaults["age_min"],
        age_max=age_max if age_max is not None else defaults["age_max"],
        eligible_categories=list(eligible_categories or []), created_by=actor,
    )
    programme.full_clean()
    programme.save()
    for number, spec in enumerate(budget_lines, start=1):
        BudgetLine.objects.create(programme=programme, number=number, source=spec.source, account=spec.account,
                                  code=spec.code, name=spec.name, amount=spec.amount)
    fallback = programme.owner
    for category, opd_type, keywords in DEFAULT_ROUTES:
        opd = (routes or {}).get(str(category)) or _opd(pemda, opd_type) or fallback
        OccupationRoute.objects.create(programme=programme, category=category, keywords=list(keywords), opd=opd)
    audit_record(actor=actor, action="rentan.programme.create", obj=programme, after=snapshot(programme),
                 scope_unit=programme.owner_id)
    return programme


def route_occupation(routes: list[OccupationRoute], occupation: str) -> OccupationRoute:
    """The route of a stated occupation (whole-word keyword match, first category wins; else "other")."""
    text = f" {' '.join(occupation.lower().split())} "
    other = None
    for route in routes:
        if route.category == Category.OTHER:
            other = route
            continue
        if any(f" {keyword} " in text for keyword in route.keywords):
            return route
    if other is None:
        raise ValidationError(_("Program belum memiliki rute untuk pekerjaan lainnya."))
    return other
