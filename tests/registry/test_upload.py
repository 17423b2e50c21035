"""The registry import page: Sari, membership officer of Balikpapan, uploads a file and a job imports it;
files that no import reads are refused on the form, in Indonesian, before anything is queued."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from sinergi.jobs.models import Job
from sinergi.jobs.services import worker_loop
from sinergi.registry.import_specs import COLUMNS
from sinergi.registry.models import Employer
from sinergi.registry.upload_forms import RegistryImportForm
from sinergi.web import uploads as uploads_module
from sinergi.web.uploads import upload_store

EMPLOYERS_CSV = (
    b"NPP;Nama Perusahaan;Kantor Cabang;Tgl. Terdaftar\r\n"
    b"64000301;PT Unggah Sejahtera;Balikpapan;01/03/2021\r\n"
    b"64000302;CV Pelabuhan Semayang;Balikpapan;15/07/2022\r\n"
)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "uploads"


def test_sari_uploads_an_employers_csv_and_the_job_imports_it(login, world, uploads):
    client = login("sari")
    response = client.post("/pemberi-kerja/impor/", {
        "kind": "employers", "file": SimpleUploadedFile("pemberi kerja Maret.csv", EMPLOYERS_CSV, "text/csv"),
    })

    job = Job.objects.get(kind="registry.import")
    assert response.status_code == 302 and response["Location"] == f"/pekerjaan/{job.pk}/"
    assert job.params["kind"] == "employers" and job.params["accept_valid"] is False
    assert job.params["path"].startswith(str(uploads)) and job.params["path"].endswith("/pemberi_kerja_Maret.csv")
    assert worker_loop(once=True, poll_seconds=0, periodic=False) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.counts["inserted"] == 2, (job.error, job.counts)
    assert Employer.objects.get(npp="64000301").branch.code == "bpjs-cabang-balikpapan"
    page = client.get(f"/pekerjaan/{job.pk}/").content.decode()
    assert "laporan-impor.xlsx" in page


def test_the_page_lists_every_kinds_headers_from_the_import_specification(login, world):
    page = login("sari").get("/pemberi-kerja/impor/").content.decode()
    for kind, columns in COLUMNS.items():
        assert f'data-kind="{kind}"' in page
        for column in columns:
            shown = f"<strong>{column.headers[0]}</strong>" if column.required else column.headers[0]
            assert shown in page, (kind, column.headers[0])
    assert "Terima baris yang valid saja" in page


def test_sari_sees_the_import_link_on_the_employer_list_and_dimas_does_not(login, world):
    assert 'href="/pemberi-kerja/impor/"' in login("sari").get("/pemberi-kerja/").content.decode()
    assert 'href="/pemberi-kerja/impor/"' not in login("dimas").get("/pemberi-kerja/").content.decode()
    assert login("dimas").get("/pemberi-kerja/impor/").status_code == 403


def test_a_text_file_is_refused_with_a_message_and_nothing_is_queued(login, world, uploads):
    response = login("sari").post("/pemberi-kerja/impor/", {
        "kind": "employers", "file": SimpleUploadedFile("pemberi-kerja.txt", EMPLOYERS_CSV, "text/plain"),
    })
    assert response.status_code == 400
    assert ("Berkas pemberi-kerja.txt tidak dapat diimpor: hanya berkas CSV (.csv) atau Excel (.xlsx) yang "
            "diterima.") in response.content.decode()
    assert not Job.objects.exists() and not uploads.exists()


def test_an_empty_file_and_a_missing_kind_are_explained(login, world, uploads):
    response = login("sari").post("/pemberi-kerja/impor/", {"file": SimpleUploadedFile("kosong.csv", b"")})
    errors = response.context["form"].errors
    assert errors["kind"] == ["Pilih jenis data yang diimpor."]
    assert errors["file"] == ["Berkas kosong (0 bita): tidak ada yang dapat diimpor."]


def _oversized(tmp_path) -> UploadedFile:
    """A 201 MB upload without writing 201 MB: a sparse file, which the check refuses before reading it."""
    path = tmp_path / "besar.csv"
    with path.open("wb") as handle:
        handle.truncate(201 * 1024 * 1024)
    return UploadedFile(file=path.open("rb"), name="besar.csv", content_type="text/csv", size=path.stat().st_size)


def test_a_file_over_200_mb_is_refused_with_a_message(world, tmp_path, uploads):
    form = RegistryImportForm({"kind": "employers"}, {"file": _oversized(tmp_path)})
    assert not form.is_valid()
    assert form.errors["file"] == ["Berkas berukuran 201 MB, melebihi batas 200 MB. Pecah berkas menjadi beberapa "
                                   "bagian lalu unggah satu per satu."]
    with pytest.raises(ValidationError):
        upload_store(file=_oversized(tmp_path), actor=world.person("sari"))
    assert not uploads.exists()


def test_a_file_that_grows_past_the_limit_while_streaming_leaves_nothing_behind(world, uploads, monkeypatch):
    monkeypatch.setattr(uploads_module, "MAX_BYTES", 10)
    file = SimpleUploadedFile("data.csv", b"x" * 8)
    file.size = 8  # what the upload handler counted; the stream then delivers more
    file.file.seek(0, 2)
    file.file.write(b"y" * 8)
    file.file.seek(0)
    with pytest.raises(ValidationError):
        upload_store(file=file, actor=world.person("sari"))
    assert list(uploads.iterdir()) == []
