"""`sinergi demo`: reference data, the demo organisations and people, then each capability's demo data.

Every step is idempotent, so running the demo twice changes nothing. Later capabilities append their
generators to ``DEMO_STEPS``; each receives the scale and the seed so the data is reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from sinergi.demo.cases import demo_cases
from sinergi.demo.coverage import demo_coverage
from sinergi.demo.enforcement import demo_enforcement
from sinergi.demo.enforcement_pupn import demo_pupn
from sinergi.demo.receivables import demo_receivables
from sinergi.demo.rentan import demo_rentan
from sinergi.demo.users import DEMO_PASSWORD, DEMO_USERS
from sinergi.orgs.models import OrgUnit, User
from sinergi.orgs.services import orgs_load_reference, user_create
from sinergi.regions.loader import regions_load


@dataclass(frozen=True)
class DemoOptions:
    scale: str = "small"
    seed: int = 2025


def _step_regions(options: DemoOptions, log: Callable[[str], None]) -> None:
    result = regions_load()
    log(f"wilayah: {result.read} dibaca, {result.inserted} baru, {result.updated} diperbarui")


def _step_organisations(options: DemoOptions, log: Callable[[str], None]) -> None:
    result = orgs_load_reference()
    log(f"unit organisasi: {result['units']} ({result['created']} baru, {result['updated']} diperbarui)")


def _step_users(options: DemoOptions, log: Callable[[str], None]) -> None:
    created = 0
    with transaction.atomic():
        units = {u.code: u for u in OrgUnit.objects.all()}
        existing = set(User.objects.values_list("username", flat=True))
        for username, unit_code, roles, first, last, position in DEMO_USERS:
            if username in existing:
                continue
            user_create(username=username, org_unit=units[unit_code], roles=roles, password=DEMO_PASSWORD,
                        first_name=first, last_name=last, position=position, actor=None, reason="demo")
            created += 1
    log(f"pengguna demo: {len(DEMO_USERS)} ({created} baru)")


DEMO_STEPS: list[tuple[str, Callable[[DemoOptions, Callable[[str], None]], None]]] = [
    ("regions", _step_regions),
    ("organisations", _step_organisations),
    ("users", _step_users),
    ("receivables", demo_receivables),
    ("enforcement", demo_enforcement),
    ("rentan", demo_rentan),
    ("pupn", demo_pupn),
    ("cases", demo_cases),
    ("coverage", demo_coverage),
]


def demo_build(*, options: DemoOptions, log: Callable[[str], None] = print) -> None:
    for _name, step in DEMO_STEPS:
        step(options, log)


def demo_logins() -> list[dict]:
    units = dict(OrgUnit.objects.values_list("code", "name"))
    return [
        {"username": username, "password": DEMO_PASSWORD, "unit": units.get(unit_code, unit_code),
         "roles": [str(r) for r in roles]}
        for username, unit_code, roles, *_rest in DEMO_USERS
    ]
