"""The import as a job (the worker and the CLI run the same code) and as `sinergi registry import`."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from sinergi.cli import main
from sinergi.jobs.models import Job
from sinergi.jobs.registry import get_kind
from sinergi.jobs.services import job_enqueue, worker_loop
from sinergi.orgs.scoping import user_can
from sinergi.registry.models import Employer
from tests.registry.import_helpers import csv_file, report_lines

HEADER = ["NPP", "NAMA_PERUSAHAAN", "KANTOR_CABANG", "TGL_TERDAFTAR"]


def test_only_membership_officers_and_administrators_may_import(world):
    assert get_kind("registry.import").capability == "registry.import"
    assert user_can(world.person("sari"), "registry.import") and user_can(world.person("admin"), "registry.import")
    assert not user_can(world.person("dimas"), "registry.import")
    assert not user_can(world.person("hendra"), "registry.import")


def test_sari_queues_an_import_and_the_worker_leaves_counts_and_the_report(world, tmp_path):
    path = csv_file(tmp_path, [HEADER, ["64000201", "PT Antrean", "Balikpapan", "01/01/2020"],
                               ["6400020", "PT Salah", "Balikpapan", "01/01/2020"]])
    job = job_enqueue(kind="registry.import", params={"path": str(path), "kind": "employers", "accept_valid": True},
                      actor=world.person("sari"))
    assert worker_loop(once=True, poll_seconds=0, periodic=False) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.counts["status"] == "applied" and (job.counts["inserted"], job.counts["invalid"]) == (1, 1)
    assert [f["name"] for f in job.files] == ["laporan-impor.xlsx"]
    report = (Path(settings.JOB_FILES_DIR) / str(job.pk) / "laporan-impor.xlsx").read_bytes()
    assert report_lines(report)[0]["Baris"] == "3"
    assert Employer.objects.filter(npp="64000201").exists()


def test_the_cli_imports_a_file_and_prints_the_counts_as_json(world, tmp_path, capsys):
    path = csv_file(tmp_path, [HEADER, ["64000202", "PT Baris Perintah", "Balikpapan", "01/01/2020"]])
    assert main(["registry", "import", str(path), "--kind", "employers", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "succeeded" and out["counts"]["inserted"] == 1
    assert Employer.objects.get(npp="64000202").branch.code == "bpjs-cabang-balikpapan"


def test_the_cli_exits_non_zero_when_a_file_is_rejected_and_names_the_report(world, tmp_path, capsys):
    path = csv_file(tmp_path, [HEADER, ["640002", "PT Pendek", "Balikpapan", "01/01/2020"]])
    assert main(["registry", "import", str(path), "--kind", "employers"]) == 1
    captured = capsys.readouterr()
    assert "Impor dibatalkan" in captured.out and "laporan-impor.xlsx" in captured.err
    assert "Traceback" not in captured.err
