"""The enforcement demo: Agustinus of Kejati NTT finds seed 001 in the monev report for 2024 — 131 SKK given
to the NTT Kejari for Rp 2,93 miliar, Rp 1,51 miliar (51,65 %) recovered, 66 settled — and Rina of Kejari
Kota Kupang finds open SKKs to work on.

Built once on the hidden ``tiny`` receivables scale (the register's figures do not depend on the scale),
twice to show that a second run adds nothing; rolled back at the end of the module.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from sinergi.demo.enforcement import KEJARI_COUNTS, demo_enforcement, register_rows
from sinergi.demo.receivables import demo_receivables
from sinergi.demo.setup import DEMO_STEPS, DemoOptions
from sinergi.enforcement.models import Skk, SkkEvent
from sinergi.enforcement.reports.selectors import Period, monev_report
from sinergi.enforcement.skk.recoveries import with_realised
from tests.world import person


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            options = DemoOptions(scale="tiny", seed=2025)
            demo_receivables(options, lambda message: None)
            first: list[str] = []
            demo_enforcement(options, first.append)
            counts = (Skk.objects.count(), SkkEvent.objects.count())
            second: list[str] = []
            demo_enforcement(options, second.append)
            yield {"first": first, "second": second, "counts": counts}
            transaction.set_rollback(True)


def test_the_enforcement_demo_runs_after_the_receivables():
    names = [name for name, _step in DEMO_STEPS]
    assert names.index("enforcement") == names.index("receivables") + 1


def test_the_monev_report_for_ntt_2024_shows_seed_001(demo, db):
    report = monev_report(user=person("agustinus"), province="53", period=Period.year(2024))
    total = report.total
    assert (total.skk, total.settled) == (131, 66)
    assert total.potential == Decimal(2_930_000_000)
    assert total.realised == Decimal(1_513_345_000)
    assert total.realisation_pct == Decimal("51.65")
    assert total.in_progress + total.failed == 131 - 66
    assert {r.kejari_code for r in report.rows if r.skk} == set(KEJARI_COUNTS)


def test_every_failed_skk_names_its_obstacle(demo, db):
    failed = Skk.objects.filter(legacy=True, status=Skk.Status.FAILED)
    assert failed.count() == 24
    assert not failed.filter(obstacle="").exists()
    assert set(failed.values_list("obstacle", flat=True)) == {"closed", "not_found", "refuses", "bankrupt",
                                                              "disputes", "no_funds"}


def test_the_register_is_the_same_every_time(demo, db):
    assert register_rows() == register_rows()


def test_a_second_run_adds_nothing(demo, db):
    assert (Skk.objects.count(), SkkEvent.objects.count()) == demo["counts"]
    assert "(0 baru)" in demo["second"][0] and "sudah ada" in demo["second"][1]


def test_rina_has_open_skks_of_this_year_and_yohanes_does_not_see_them(demo, db):
    from sinergi.orgs.scoping import scoped

    live = Skk.objects.filter(legacy=False)
    assert live.exists() and set(live.values_list("kejari__code", flat=True)) == {"kejari-kota-kupang"}
    rina = scoped(Skk, person("rina")).filter(legacy=False, status__in=Skk.OPEN_STATUSES)
    assert rina.count() == live.count()
    assert not scoped(Skk, person("yohanes")).filter(legacy=False).exists()
    assert live.filter(status=Skk.Status.COMMITMENT, instalments__isnull=False).exists()


def test_the_log_states_the_seed_figures(demo):
    assert "131 SKK (131 baru)" in demo["first"][0]
    assert "51,65 %" in demo["first"][0] and "selesai 66" in demo["first"][0]


def test_legacy_recoveries_are_the_registers_figures_on_the_day_of_the_demo(demo, db):
    year = with_realised(Skk.objects.filter(legacy=True))
    assert all(Decimal(r) == legacy for r, legacy in year.values_list("realised", "legacy_realised"))
