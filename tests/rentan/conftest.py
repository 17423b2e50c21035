from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sinergi.regions.models import Region
from sinergi.rentan.programmes.services import BudgetLineSpec, programme_create
from tests.world import person, unit


def kukar_programme(code: str = "KUKAR-2025", **overrides):
    """Kutai Kartanegara's 2025 programme (seed 004): Rp 10 miliar in Distransnaker, JKK and JKM accounts."""
    values = dict(
        code=code, name="Perlindungan Jaminan Sosial Pekerja Rentan Kukar 2025", pemda=unit("pemkab-kukar"),
        region=Region.objects.get(code="64.02"), legal_basis_type="perda", legal_basis_number="3",
        legal_basis_year=2024, period_start=date(2025, 1, 1), period_end=date(2025, 12, 1), quota=60_000,
        branch=unit("bpjs-cabang-tenggarong"), actor=person("andi"),
        budget_lines=[
            BudgetLineSpec("apbd", "JKK", "2.07.01.2.02.0001.5.1.02.99.99.9999", "Belanja iuran JKK pekerja rentan",
                           Decimal("7000000000")),
            BudgetLineSpec("apbd", "JKM", "2.07.01.2.02.0001.5.1.02.99.99.9998", "Belanja iuran JKM pekerja rentan",
                           Decimal("3000000000")),
        ],
    )
    values.update(overrides)
    return programme_create(**values)


@pytest.fixture
def programme(world):
    return kukar_programme()
