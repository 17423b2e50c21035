"""Construction projects: the procurement list imported and matched exactly, registration, and the projects
not yet registered per owner with their estimated contribution."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from sinergi.cli import main
from sinergi.coverage.jakon import project_register, projects_import, projects_unregistered
from sinergi.coverage.models import ConstructionProject
from sinergi.rules.coverage import jakon_contribution
from tests.registry.factories import employer_make
from tests.world import person, unit

pytestmark = pytest.mark.django_db

LIST = ("Nomor Kontrak;Nama Paket;Pemilik;Jenis Pemilik;Nilai Kontrak;NPWP Penyedia;Tgl Mulai;Kode Wilayah\n"
        "600/PUPR/2025/01;Jalan Oesao-Camplong;Dinas PUPR Provinsi NTT;APBD Provinsi;Rp 750.000.000;"
        "01.234.567.8-901.000;03/02/2025;53.01\n"
        "600/PUPR/2025/02;Jembatan Noelmina;Dinas PUPR Provinsi NTT;APBD provinsi;12.000.000.000;;2025-04-01;5301\n"
        "KU.01/BWS/2025;Embung Kupang;BWS Nusa Tenggara II;APBN;2500000000;;;\n")


def _file(tmp_path, text=LIST):
    path = tmp_path / "pengadaan.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_list_is_imported_and_the_contractor_matched_by_npwp(tmp_path):
    contractor = employer_make(branch="bpjs-cabang-kupang", name="PT Karya Timor", npwp="012345678901000")
    result = projects_import(path=_file(tmp_path), branch=unit("bpjs-cabang-kupang"), actor=person("sari"))
    assert result.status == "applied", result.errors
    assert (result.inserted, result.matched_contractors) == (3, 1)
    road = ConstructionProject.objects.get(contract_number="600/PUPR/2025/01")
    assert road.contractor == contractor and road.value == 750_000_000 and road.region_id == "53.01"
    assert road.owner_kind == "apbd_province"


def test_re_importing_updates_by_contract_number_and_keeps_the_registration(tmp_path):
    branch = unit("bpjs-cabang-kupang")
    projects_import(path=_file(tmp_path), branch=branch, actor=None)
    road = ConstructionProject.objects.get(contract_number="600/PUPR/2025/01")
    registration = employer_make(branch="bpjs-cabang-kupang", name="Proyek Jalan Oesao", is_construction_project=True)
    project_register(project=road, employer=registration, actor=person("sari"))
    result = projects_import(path=_file(tmp_path, LIST.replace("Rp 750.000.000", "800.000.000")), branch=branch,
                             actor=None)
    assert (result.inserted, result.updated) == (0, 3)
    road.refresh_from_db()
    assert road.value == 800_000_000 and road.employer == registration


def test_bad_rows_are_named_and_nothing_is_written(tmp_path):
    text = LIST + "600/PUPR/2025/01;Ganda;X;swasta;1;;;\n;Tanpa nomor;X;koperasi;satu juta;123;31/02/2025;99.99\n"
    result = projects_import(path=_file(tmp_path, text), branch=unit("bpjs-cabang-kupang"), actor=None)
    assert result.status == "rejected" and not ConstructionProject.objects.exists()
    codes = {(row, code) for row, _c, code, _m in result.errors}
    assert (5, "kunci_ganda") in codes
    assert {(6, "wajib_diisi"), (6, "jenis_pemilik_tidak_dikenal"), (6, "nilai_tidak_valid"),
            (6, "npwp_tidak_valid"), (6, "tanggal_tidak_valid"), (6, "kode_wilayah_tidak_dikenal")} <= codes


def test_unregistered_projects_per_owner_with_their_estimated_contribution(tmp_path):
    projects_import(path=_file(tmp_path), branch=unit("bpjs-cabang-kupang"), actor=None)
    owners = {o.owner_name: o for o in projects_unregistered(user=person("maria"))}
    ntt = owners["Dinas PUPR Provinsi NTT"]
    assert ntt.projects == 2 and ntt.value == 12_750_000_000
    day = ConstructionProject.objects.get(contract_number="600/PUPR/2025/01").start_date
    assert ntt.estimated == (jakon_contribution(contract_value=Decimal(750_000_000), on=day).amount
                             + jakon_contribution(contract_value=Decimal(12_000_000_000), on=day).amount)
    assert projects_unregistered(user=person("hendra")) == []  # Kalimantan does not see Kupang's list


def test_the_page_and_the_cli(tmp_path, login, capsys):
    assert main(["coverage", "import-projects", str(_file(tmp_path)), "--branch", "bpjs-cabang-kupang",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["inserted"] == 3
    html = login("maria").get(reverse("coverage:projects")).content.decode()
    assert 'data-contract="KU.01/BWS/2025"' in html and "BWS Nusa Tenggara II" in html
    assert 'data-testid="projects-empty"' in login("hendra").get(reverse("coverage:projects")).content.decode()
