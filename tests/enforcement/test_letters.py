"""Enforcement letters: what an employer reads in a Surat Peringatan, how letters are numbered, stored and
generated in bulk."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from pypdf import PdfReader

from sinergi.enforcement.cases.services import case_warning_issue, cases_open_from_arrears
from sinergi.enforcement.letters import LetterError, letter_generate, letter_path, letter_pdf_bytes
from sinergi.enforcement.models import Letter
from sinergi.formatting import format_rupiah
from sinergi.jobs.models import Job
from sinergi.jobs.services import job_enqueue, job_run
from tests.enforcement.factories import case_make, employer_in_arrears
from tests.world import person

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 3, 27)


@pytest.fixture(autouse=True)
def _letters_dir(settings, tmp_path):
    settings.LETTERS_DIR = tmp_path / "surat"


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _arrears_case(name="PT Samudra Kaltim Abadi", months=2):
    employer = employer_in_arrears(months=months, first=dt.date(2025, 1, 1), on=ON, name=name,
                                   address="Jl. Jend. Sudirman No. 12, Balikpapan")
    return cases_open_from_arrears(employer_ids=[employer.pk], actor=person("yusuf"), on=ON)["opened"][0]


def test_yusufs_sp1_names_the_employer_the_arrears_the_deadline_and_the_law():
    case = _arrears_case()
    step = case_warning_issue(case=case, level=1, actor=person("yusuf"), on=ON)
    text = _text(letter_pdf_bytes(step.letter))
    assert "BPJS KETENAGAKERJAAN" in text and "KANTOR CABANG BALIKPAPAN" in text
    assert "PT Samudra Kaltim Abadi" in text and case.employer.npp in text
    assert "Jl. Jend. Sudirman No. 12" in text
    assert "Surat Peringatan 1" in text and step.letter.number in text
    assert format_rupiah(case.amount) in text  # the total of the arrears table
    assert "Januari 2025" in text and "Februari 2025" in text
    assert "22 April 2025" in text  # the deadline, after Lebaran and cuti bersama
    assert "27 Maret 2025" in text  # the letter's date, in Indonesian
    assert "PP 86/2013" in text


def test_letters_are_numbered_per_kind_branch_and_year():
    yusuf = person("yusuf")
    a, b = _arrears_case("PT Satu"), _arrears_case("PT Dua")
    kupang = case_make(branch="bpjs-cabang-kupang", origin="pds_upah", opened_on=ON)
    first = case_warning_issue(case=a, level=1, actor=yusuf, on=ON).letter
    second = case_warning_issue(case=b, level=1, actor=yusuf, on=ON).letter
    other = case_warning_issue(case=kupang, level=1, actor=person("maria"), on=ON).letter
    assert (first.number, second.number) == ("SP1/BALIKPAPAN/2025/0001", "SP1/BALIKPAPAN/2025/0002")
    assert other.number == "SP1/KUPANG/2025/0001"
    assert letter_path(first).is_file() and letter_path(first).read_bytes().startswith(b"%PDF")


def test_asking_for_the_same_letter_again_returns_it_with_its_number():
    case = _arrears_case()
    letter = case_warning_issue(case=case, level=1, actor=person("yusuf"), on=ON).letter
    again = letter_generate(kind="sp1", case=case, actor=person("yusuf"), dated=ON + dt.timedelta(days=3))
    assert again.pk == letter.pk and again.number == letter.number
    assert Letter.objects.count() == 1


def test_a_case_letter_whose_file_was_lost_is_rendered_again_from_the_case():
    case = _arrears_case()
    letter = case_warning_issue(case=case, level=1, actor=person("yusuf"), on=ON).letter
    letter_path(letter).unlink()
    assert case.employer.npp in _text(letter_pdf_bytes(letter))
    assert letter_path(letter).is_file()


def test_an_skk_letter_carries_the_context_its_caller_gives():
    case = _arrears_case()
    letter = letter_generate(kind="skk", case=case, actor=person("yusuf"), dated=ON, context={
        "subject": "Surat Kuasa Khusus", "recipient": ["Kepala Kejaksaan Negeri Balikpapan"],
        "paragraphs": ["Memberi kuasa untuk menagih."],
        "amounts": [("Iuran", Decimal("5000000")), ("Denda", Decimal("100000"))],
        "tables": [{"title": "Dokumen", "columns": ["No", "Dokumen"], "rows": [[1, "Rekening koran"]]}],
        "attachments": ["Rekening koran iuran"], "legal_basis": ["UU 24/2011 Pasal 19"],
    })
    assert letter.number == "SKK/BALIKPAPAN/2025/0001"
    text = _text(letter_pdf_bytes(letter))
    assert "Kepala Kejaksaan Negeri Balikpapan" in text and "Rp 5.000.000" in text and "Rp 100.000" in text
    assert "Rekening koran" in text and "UU 24/2011 Pasal 19" in text


def test_a_letter_needs_exactly_one_owner():
    with pytest.raises(LetterError):
        letter_generate(kind="sp1", actor=None)
    with pytest.raises(LetterError):
        letter_generate(kind="surat_cinta", case=case_make(), actor=None)


def _run(job_id):
    job = Job.objects.get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])
    return job_run(job)


def test_mass_sp1_is_a_job_with_a_zip_and_a_combined_pdf_and_rerunning_it_changes_nothing(settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path / "jobs"
    yusuf = person("yusuf")
    cases = [_arrears_case(f"PT Massal {i}") for i in range(3)]
    kupang = case_make(branch="bpjs-cabang-kupang", origin="pwbd", opened_on=ON)
    params = {"level": 1, "case_ids": [c.pk for c in cases] + [kupang.pk], "on": ON.isoformat()}
    job = _run(job_enqueue(kind="enforcement.warning_letters", params=params, actor=yusuf).pk)
    assert job.status == Job.Status.SUCCEEDED, job.error_detail
    assert job.counts == {"issued": 3, "reused": 0, "skipped": 0, "letters": 3}  # Kupang is not Yusuf's
    numbers = set(Letter.objects.values_list("number", flat=True))
    assert len(numbers) == 3 and not Letter.objects.filter(case=kupang).exists()
    folder = settings.JOB_FILES_DIR / str(job.pk)
    with zipfile.ZipFile(folder / "surat-peringatan.zip") as zf:
        assert len(zf.namelist()) == 3
    combined = PdfReader(folder / "surat-peringatan-gabungan.pdf")
    assert all(c.employer.npp in _text_of(combined) for c in cases)

    rerun = _run(job_enqueue(kind="enforcement.warning_letters", params=params, actor=yusuf).pk)
    assert rerun.counts == {"issued": 0, "reused": 3, "skipped": 0, "letters": 3}
    assert set(Letter.objects.values_list("number", flat=True)) == numbers


def _text_of(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


def test_mass_sp2_skips_the_cases_whose_sp1_is_still_running(settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path / "jobs"
    yusuf = person("yusuf")
    case = _arrears_case()
    case_warning_issue(case=case, level=1, actor=yusuf, on=ON)
    job = _run(job_enqueue(kind="enforcement.warning_letters", actor=yusuf,
                           params={"level": 2, "case_ids": [case.pk], "on": "2025-04-10"}).pk)
    assert job.counts["skipped"] == 1 and job.counts["issued"] == 0
    with zipfile.ZipFile(settings.JOB_FILES_DIR / str(job.pk) / "surat-peringatan.zip") as zf:
        assert "22 April 2025" in zf.read("tidak-diterbitkan.txt").decode()


def test_a_pengantar_kpknl_letter_carries_a_long_resume_over_pages():
    from sinergi.enforcement.models import PupnHandover
    from tests.world import unit

    handover = PupnHandover.objects.create(number="BA/PUPN/BALIKPAPAN/2025/001", kpknl=unit("kpknl-balikpapan"),
                                           branch=unit("bpjs-cabang-balikpapan"), dated=ON)
    rows = [[f"9{i:07d}", f"PT Macet Sekali Nomor {i} Dengan Nama Yang Panjang", 14, Decimal(8_500_000 + i),
             Decimal(850_000), Decimal(9_350_000 + i)] for i in range(40)]
    letter = letter_generate(kind="pengantar_kpknl", handover=handover, actor=None, dated=ON, context={
        "subject": "Penyerahan pengurusan piutang", "recipient": ["Kepala KPKNL Balikpapan"],
        "tables": [{"title": "Resume piutang", "columns": ["NPP", "Nama", "Bulan", "Iuran", "Denda", "Jumlah"],
                    "rows": rows, "numeric": [2, 3, 4, 5], "total": ["", "Jumlah", 560, Decimal(1), Decimal(2),
                                                                      Decimal(3)]}]})
    assert letter.number == "KPKNL/BALIKPAPAN/2025/0001"
    reader = PdfReader(io.BytesIO(letter_pdf_bytes(letter)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2 and "90000039" in text and "Rp 8.500.039" in text and "Kepala KPKNL" in text


def test_an_officer_working_in_english_still_sends_an_indonesian_letter():
    from django.utils import translation

    case = _arrears_case()
    with translation.override("en"):
        letter = case_warning_issue(case=case, level=1, actor=person("yusuf"), on=ON).letter
    text = _text(letter_pdf_bytes(letter))
    assert "Kepada Yth." in text and "Rincian tunggakan iuran" in text and "27 Maret 2025" in text
