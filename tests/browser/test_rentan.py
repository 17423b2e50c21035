"""Playwright: Fitri of Dinsos Kukar uploads a small DTKS file, Rahmat of Disbun verifies his rows and sends
one back, Fitri corrects it, Andi of Distransnaker approves them, and the programme shows its enrolled
participants."""

from __future__ import annotations

from datetime import date

import pytest

from sinergi.jobs.services import worker_loop
from sinergi.rentan.models import Candidate
from tests.browser.test_navigation import sign_in
from tests.rentan.conftest import kukar_programme
from tests.rentan.factories import VILLAGE, nik_for

pytestmark = pytest.mark.browser

PEOPLE = [  # name, birth date, sex, occupation
    ("Siti Aminah", date(1985, 6, 12), "F", "Petani sawit"),
    ("Bambang Sutrisno", date(1979, 1, 3), "M", "Pekebun karet"),
    ("Yusuf Hamzah", date(1990, 11, 20), "M", "Ojek pangkalan"),
]


def _dtks_file(path):
    lines = ["NIK;NO_KK;NAMA;TGL_LAHIR;JENIS_KELAMIN;KODE_DESA;PEKERJAAN;ALAMAT"]
    for number, (name, birth, sex, occupation) in enumerate(PEOPLE, start=1):
        nik = nik_for(village=VILLAGE, birth_date=birth, sex=sex, sequence=number)
        lines.append(f"{nik};640201010120{number:04d};{name};{birth:%d/%m/%Y};{'P' if sex == 'F' else 'L'};{VILLAGE.replace('.', '')};"
                     f"{occupation};RT 0{number} Desa Perian")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_from_the_dtks_file_to_enrolled_participants(page, live_world, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path / "var"
    monkeypatch.setattr("sinergi.rentan.verification.services.today", lambda: date(2025, 3, 10))
    programme = kukar_programme()

    sign_in(page, "fitri")
    page.click("[data-nav=rentan]")
    page.click(f"tr[data-code='{programme.code}'] a")
    page.click("[data-testid=tab-import]")
    page.set_input_files("#id_file", str(_dtks_file(tmp_path / "dtks-kukar.csv")))
    page.click("[data-testid=import-submit]")
    page.wait_for_selector("[data-testid=import-progress]")

    worker_loop(once=True, poll_seconds=0, periodic=False)
    page.click("[data-testid=import-batch-link]", timeout=20000)
    assert page.inner_text("[data-testid=batch-total]") == "3"
    assert page.inner_text("tr[data-status=valid] td.num") == "3"
    page.click("[data-testid=logout]")

    sign_in(page, "rahmat")
    page.click("[data-nav=verification]")
    queue = page.inner_text("[data-testid=queue-table]")
    assert "Siti Aminah" in queue and "Bambang Sutrisno" in queue and "Yusuf Hamzah" not in queue  # Dishub's
    page.click("text=Bambang Sutrisno")
    page.select_option("#id_decision", "needs_correction")
    page.fill("#id_reason", "Nama di KTP: Bambang Sutrisna")
    page.click("[data-testid=decision-submit]")
    page.wait_for_selector("[data-testid=candidate-verification][data-verification=needs_correction]")
    page.click("[data-nav=verification]")
    page.select_option("#id_decision", "verified")
    page.check("[data-testid=scope-all]")
    page.click("[data-testid=queue-submit]")
    page.wait_for_selector("[data-testid=queue-empty]")
    page.click("[data-testid=logout]")

    sign_in(page, "fitri")
    page.goto(f"/rentan/program/{programme.pk}/perbaikan/")
    assert "Nama di KTP: Bambang Sutrisna" in page.inner_text("[data-testid=corrections-table]")
    page.click("[data-testid=corrections-table] >> text=Bambang Sutrisno")
    page.fill("#id_name", "Bambang Sutrisna")
    page.click("[data-testid=correction-submit]")
    page.wait_for_selector("[data-testid=candidate-verification][data-verification=pending]")
    page.click("[data-testid=logout]")

    sign_in(page, "rahmat")
    page.click("[data-nav=verification]")
    page.check("[data-testid=queue-table] input[name=ids]")
    page.click("[data-testid=queue-submit]")
    page.wait_for_selector("[data-testid=queue-empty]")
    page.click("[data-testid=logout]")

    sign_in(page, "andi")
    page.goto(f"/rentan/program/{programme.pk}/persetujuan/")
    assert page.inner_text("[data-testid=approval-total]") == "2"
    page.click("[data-testid=approve-all]")
    page.wait_for_selector("[data-testid=approval-empty]")
    assert "2 orang disetujui" in page.inner_text(".messages")
    page.goto(f"/rentan/program/{programme.pk}/")
    assert page.inner_text("[data-testid=programme-enrolled]") == "2"
    assert Candidate.objects.filter(participant__funder__code="pemkab-kukar").count() == 2
