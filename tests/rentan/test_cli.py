"""An operator imports Kukar's DTKS file from the command line and lists the programmes."""

from __future__ import annotations

import json

import pytest

from sinergi.cli import main
from sinergi.rentan.models import Candidate
from tests.rentan.import_helpers import dtks_csv, person, row

pytestmark = pytest.mark.django_db

KEYS = ["batch", "rows", "valid", "invalid", "duplicate_in_file", "duplicate_in_programme", "already_participant",
        "review", "seconds", "error_report"]


def test_the_import_prints_exactly_the_batch_summary_whose_statuses_sum_to_the_rows(programme, tmp_path, capsys):
    path = dtks_csv(tmp_path, [person(1), person(2), person(1), row(NAMA="")])
    assert main(["rentan", "import", str(path), "--programme", "KUKAR-2025", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == KEYS
    assert (out["rows"], out["valid"], out["invalid"], out["duplicate_in_file"]) == (4, 2, 1, 1)
    assert out["rows"] == sum(out[k] for k in KEYS[2:8])
    assert out["error_report"].endswith("laporan-impor-dtks.xlsx")
    assert Candidate.objects.filter(batch_id=out["batch"]).count() == 4


def test_importing_the_same_file_again_returns_the_same_batch(programme, tmp_path, capsys):
    path = dtks_csv(tmp_path, [person(1)])
    main(["rentan", "import", str(path), "--programme", "KUKAR-2025", "--json"])
    first = json.loads(capsys.readouterr().out)
    main(["rentan", "import", str(path), "--programme", "KUKAR-2025", "--json"])
    again = json.loads(capsys.readouterr().out)
    assert again["batch"] == first["batch"] and Candidate.objects.count() == 1


@pytest.mark.parametrize(("args", "message"), [
    (["rentan", "import", "/tidak/ada.csv", "--programme", "KUKAR-2025"], "tidak ditemukan"),
    (["rentan", "import", "FILE", "--programme", "TIDAK-ADA"], "Program TIDAK-ADA tidak dikenal"),
    (["rentan", "import", "EMPTY", "--programme", "KUKAR-2025"], "Berkas ditolak"),
])
def test_bad_input_exits_2_with_a_message(programme, tmp_path, capsys, args, message):
    good = dtks_csv(tmp_path, [person(1)])
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    args = [str(good) if a == "FILE" else str(empty) if a == "EMPTY" else a for a in args]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err


def test_programmes_lists_codes_owners_and_regions(programme, capsys):
    assert main(["rentan", "programmes", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["code"] == "KUKAR-2025" and listed["owner"]["code"] == "kukar-distransnaker"
    assert listed["region"] == {"code": "64.02", "name": programme.region.name}
    assert listed["pemda"]["code"] == "pemkab-kukar"
