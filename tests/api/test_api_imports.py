"""A partner system sends a file for import through the API: checked and stored as on the screens, imported
by the same background job, the job's URL in the answer."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sinergi.api.services import token_create
from sinergi.jobs.models import Job
from sinergi.jobs.services import worker_loop
from sinergi.registry.models import Employer
from tests.rentan.conftest import kukar_programme
from tests.world import person

pytestmark = pytest.mark.django_db

EMPLOYERS_CSV = (
    b"NPP;Nama Perusahaan;Kantor Cabang;Tgl. Terdaftar\r\n"
    b"64000401;PT Mitra Sejahtera;Balikpapan;01/03/2021\r\n"
    b"64000402;CV Dermaga Kariangau;Balikpapan;15/07/2022\r\n"
)


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.JOB_FILES_DIR = tmp_path / "jobs"


def bearer(name: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=person(name), name='mitra', actor=person(name))[1]}"})


def test_sari_sends_an_employers_csv_and_polls_the_job_until_its_report(world):
    client = bearer("sari")
    answer = client.post("/api/v1/imports/registry", {
        "kind": "employers", "file": SimpleUploadedFile("pemberi-kerja.csv", EMPLOYERS_CSV, "text/csv")})
    assert answer.status_code == 202, answer.content
    job = Job.objects.get(kind="registry.import")
    assert answer.json() == {"job": str(job.pk), "url": f"/api/v1/jobs/{job.pk}"}
    assert job.params["kind"] == "employers" and job.created_by == person("sari")
    assert client.get(answer.json()["url"]).json()["status"] == "queued"
    assert worker_loop(once=True, poll_seconds=0, periodic=False) == 1
    done = client.get(answer.json()["url"]).json()
    assert done["status"] == "succeeded" and done["counts"]["inserted"] == 2, done
    assert Employer.objects.filter(npp__in=["64000401", "64000402"]).count() == 2
    report = client.get(done["files"][0]["url"])
    assert report.status_code == 200


def test_a_file_no_import_reads_or_an_unknown_kind_is_refused_before_anything_is_queued(world):
    client = bearer("sari")
    pdf = client.post("/api/v1/imports/registry", {
        "kind": "employers", "file": SimpleUploadedFile("surat.pdf", b"%PDF-1.4", "application/pdf")})
    assert pdf.status_code == 422 and "hanya berkas CSV" in pdf.json()["detail"]
    assert pdf.json()["errors"][0]["location"] == "file"
    unknown = client.post("/api/v1/imports/registry", {
        "kind": "bills", "file": SimpleUploadedFile("x.csv", EMPLOYERS_CSV, "text/csv")})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["location"] == "kind"
    assert not Job.objects.exists()


def test_who_may_send_which_file(world):
    csv = SimpleUploadedFile("bank.csv", b"KODE_BAYAR;NPP\r\n", "text/csv")
    # Dimas (receivables) sends bank files but not registry files; Rina (Kejari) neither.
    assert bearer("dimas").post("/api/v1/imports/registry", {"kind": "employers", "file": csv}).status_code == 403
    assert bearer("rina").post("/api/v1/imports/payments", {"file": csv}).status_code == 403
    csv.seek(0)
    assert bearer("dimas").post("/api/v1/imports/payments", {"file": csv}).status_code == 202
    assert Job.objects.get().kind == "receivables.payments_import"


def test_fitri_of_dinsos_sends_the_dtks_file_of_her_programme_and_lina_cannot(world):
    programme = kukar_programme(code="KUKAR-API-IMPOR")
    dtks = SimpleUploadedFile("dtks.xlsx", b"PK\x03\x04", "application/vnd.ms-excel")
    answer = bearer("fitri").post(f"/api/v1/imports/dtks/{programme.pk}", {"file": dtks})
    assert answer.status_code == 202
    assert Job.objects.get(kind="rentan.import").params["programme"] == "KUKAR-API-IMPOR"
    assert bearer("lina").post(f"/api/v1/imports/dtks/{programme.pk}", {"file": dtks}).status_code == 404
