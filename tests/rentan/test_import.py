"""Fitri, Dinsos Kukar's data officer, imports the DTKS file of Kukar's 2025 programme: every row ends in exactly
one status, with stable reason codes, and the same file twice adds nothing."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.audit.models import AuditEvent
from sinergi.rentan.imports.generator import DEMO_MIX, dtks_generate
from sinergi.rentan.imports.services import rentan_import, revalidate_candidates
from sinergi.rentan.models import Candidate, DuplicatePair, ImportBatch
from sinergi.spreadsheets import neutralise
from tests.rentan.conftest import kukar_programme
from tests.rentan.import_helpers import MAN, WOMAN, dtks_csv, insured, person, row
from tests.world import person as user
from tests.world import unit

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in Candidate.Status]


def imported(programme, path, who="fitri"):
    return rentan_import(programme=programme, path=path, file_name=path.name, actor=user(who))


def statuses(batch) -> dict[int, tuple[str, str]]:
    return {r: (s, why) for r, s, why in Candidate.objects.filter(batch=batch)
            .values_list("row_number", "status", "reasons")}


def test_every_row_of_a_generated_file_gets_the_status_planted_in_it(programme, tmp_path):
    covered = [insured(f"640201120685{900 + n:04d}") for n in range(1, 4)]
    made = dtks_generate(path=tmp_path / "dtks.csv", rows=800, seed=7, mix=DEMO_MIX,
                         registered=[w.nik for w in covered])
    batch = imported(programme, made.path)
    got = statuses(batch)
    wrong = {r: (want, got.get(r)) for r, want in made.expected.items() if got.get(r, ("",))[0] != want}
    assert not wrong
    assert batch.status == ImportBatch.Status.DONE
    assert batch.counts["rows"] == 800 == sum(batch.counts[s] for s in STATUSES)
    assert batch.counts["already_participant"] == 3


def test_a_valid_row_is_stored_as_read_and_routed_to_the_opd_of_its_occupation(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [row(), row(NIK=WOMAN, NAMA="Siti Aminah", JENIS_KELAMIN="P",
                                                               PEKERJAAN="Tukang ojek")]))
    farmer, driver = Candidate.objects.filter(batch=batch).order_by("row_number")
    assert (farmer.row_number, farmer.nik, farmer.birth_date, farmer.sex, farmer.village_code) == (
        2, MAN, dt.date(1985, 6, 12), "M", "64.02.01.2001")
    assert (farmer.status, farmer.reasons, farmer.category, farmer.verification) == ("valid", "", "farmer", "pending")
    assert farmer.opd == unit("kukar-disbun") and driver.opd == unit("kukar-dishub")
    assert farmer.desil == 2 and farmer.no_kk == "6402011001200001" and farmer.phone == "081234567890"


@pytest.mark.parametrize(("cells", "code"), [
    ({"NIK": ""}, "missing_nik"),
    ({"NAMA": ""}, "missing_name"),
    ({"TGL_LAHIR": ""}, "missing_birth_date"),
    ({"JENIS_KELAMIN": ""}, "missing_sex"),
    ({"KODE_DESA": ""}, "missing_village_code"),
    ({"PEKERJAAN": ""}, "missing_occupation"),
    ({"NIK": "64020112068500"}, "nik_format"),
    ({"NIK": "6402011306850001x"}, "nik_format"),
    ({"NIK": "6402011213850001"}, "nik_format"),  # month 13
    ({"NIK": "6.40201E+15"}, "nik_excel_damaged"),
    ({"NIK": "6402011206850000"}, "nik_excel_damaged"),
    ({"NIK": "640201120685001"}, "nik_excel_damaged"),  # 15 digits: one lost to Excel
    ({"TGL_LAHIR": "13/06/1985"}, "nik_birth_mismatch"),
    ({"JENIS_KELAMIN": "P"}, "nik_sex_mismatch"),
    ({"TGL_LAHIR": "tgl 12 bln 6"}, "birth_date_format"),
    ({"JENIS_KELAMIN": "X"}, "sex_format"),
    ({"KODE_DESA": "640201"}, "village_code_format"),
    ({"KODE_DESA": "6402019999"}, "village_unknown"),
    ({"KODE_DESA": "6471011001", "NIK": "6471011206850001"}, "outside_region"),
    ({"NIK": "6402011206100001", "TGL_LAHIR": "12/06/2010"}, "age_out_of_range"),
    ({"NIK": "6402011206500001", "TGL_LAHIR": "12/06/1950"}, "age_out_of_range"),
    ({"NO_KK": "12345"}, "no_kk_format"),
    ({"DESIL": "11"}, "desil_format"),
])
def test_each_problem_makes_the_row_invalid_with_its_reason_code(programme, tmp_path, cells, code):
    batch = imported(programme, dtks_csv(tmp_path, [row(**cells)]))
    candidate = Candidate.objects.get(batch=batch)
    assert candidate.status == "invalid" and code in candidate.reasons.split(",")
    assert (candidate.verification, candidate.opd) == ("not_routed", None)


def test_a_category_outside_the_programme_is_not_eligible(world, tmp_path):
    programme = kukar_programme(eligible_categories=["farmer", "fisher"])
    batch = imported(programme, dtks_csv(tmp_path, [row(), row(NIK=WOMAN, JENIS_KELAMIN="P", PEKERJAAN="Pemulung")]))
    assert [s for s, _ in statuses(batch).values()] == ["valid", "invalid"]
    assert Candidate.objects.get(batch=batch, row_number=3).reasons == "occupation_not_eligible"


@pytest.mark.parametrize("spelling", ["12/06/1985", "12-06-1985", "1985-06-12", "31210", "12 Juni 1985",
                                      "12 Jun 1985", "1985-06-12 00:00:00"])
def test_birth_dates_are_read_in_every_way_dinsos_writes_them(programme, tmp_path, spelling):
    batch = imported(programme, dtks_csv(tmp_path, [row(TGL_LAHIR=spelling)]))
    candidate = Candidate.objects.get(batch=batch)
    assert candidate.birth_date == dt.date(1985, 6, 12) and candidate.status == "valid"


@pytest.mark.parametrize(("spelling", "sex"), [("L", "M"), ("laki-laki", "M"), ("LAKI LAKI", "M"), ("P", "F"),
                                               ("Perempuan", "F")])
def test_sex_is_read_as_l_p_or_the_words(programme, tmp_path, spelling, sex):
    nik = MAN if sex == "M" else WOMAN
    batch = imported(programme, dtks_csv(tmp_path, [row(NIK=nik, JENIS_KELAMIN=spelling)]))
    assert Candidate.objects.get(batch=batch).sex == sex


@pytest.mark.parametrize("code", ["6402012001", "64.02.01.2001", "64 02 01 2001", "6402012001.0"])
def test_village_codes_are_stored_dotted_as_the_region_list(programme, tmp_path, code):
    batch = imported(programme, dtks_csv(tmp_path, [row(KODE_DESA=code)]))
    candidate = Candidate.objects.get(batch=batch)
    assert (candidate.village_code, candidate.status) == ("64.02.01.2001", "valid")


def test_headers_are_matched_with_aliases_in_any_case_and_unknown_columns_are_kept(programme, tmp_path):
    header = ["nik", "No. KK", "Nama Lengkap", "Tanggal Lahir", "JK", "alamat", "KODE_WILAYAH", "Pekerjaan",
              "Nama Ibu"]
    cells = dict(zip(header, [MAN, "6402011001200001", "Rahmat Hidayat", "12/06/1985", "L", "Jl. Poros",
                              "64.02.01.2001", "Nelayan", "Salmah"], strict=True))
    batch = imported(programme, dtks_csv(tmp_path, [cells], header=header))
    candidate = Candidate.objects.get(batch=batch)
    assert (candidate.status, candidate.name, candidate.category) == ("valid", "Rahmat Hidayat", "fisher")
    assert candidate.extra == {"Nama Ibu": "Salmah"} and batch.counts["unknown_columns"] == ["Nama Ibu"]


def test_a_file_without_required_columns_is_refused_with_their_names(programme, tmp_path):
    path = dtks_csv(tmp_path, [{"NIK": MAN, "NAMA": "Rahmat"}], header=["NIK", "NAMA"])
    batch = imported(programme, path)
    assert batch.status == ImportBatch.Status.REFUSED
    assert batch.refusal.startswith("Kolom wajib tidak ditemukan: NO_KK, TGL_LAHIR, JENIS_KELAMIN, ALAMAT, "
                                    "KODE_DESA, PEKERJAAN. Judul kolom di berkas: NIK, NAMA.")
    assert not Candidate.objects.filter(batch=batch).exists()
    assert batch.counts["rows"] == 0 and batch.report_path


def test_the_same_file_twice_returns_the_first_batch_and_adds_nothing(programme, tmp_path):
    path = dtks_csv(tmp_path, [person(n) for n in range(1, 6)])
    first = imported(programme, path)
    again = imported(programme, path)
    assert again.pk == first.pk and ImportBatch.objects.filter(programme=programme).count() == 1
    assert Candidate.objects.filter(programme=programme).count() == 5


def test_an_overlapping_file_marks_people_of_an_earlier_batch_as_duplicate_in_programme(programme, tmp_path):
    first = imported(programme, dtks_csv(tmp_path, [person(n) for n in range(1, 4)], name="a.csv"))
    second = imported(programme, dtks_csv(tmp_path, [person(n) for n in range(2, 6)], name="b.csv"))
    got = statuses(second)
    assert [got[r][0] for r in sorted(got)] == ["duplicate_in_programme"] * 2 + ["valid"] * 2
    earlier = Candidate.objects.get(batch=first, row_number=3)
    assert Candidate.objects.get(batch=second, row_number=2).duplicate_of == earlier
    assert second.number == first.number + 1


def test_an_invalid_earlier_row_does_not_block_the_person_in_a_later_batch(programme, tmp_path):
    imported(programme, dtks_csv(tmp_path, [row(TGL_LAHIR="13/06/1985")], name="a.csv"))
    second = imported(programme, dtks_csv(tmp_path, [row()], name="b.csv"))
    assert Candidate.objects.get(batch=second).status == "valid"


def test_the_second_row_with_a_nik_is_a_duplicate_in_file_of_the_first(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [row(), row(NAMA="RAHMAT HIDAYAT"), row()]))
    first, second, third = Candidate.objects.filter(batch=batch).order_by("row_number")
    assert (first.status, second.status, third.status) == ("valid", "duplicate_in_file", "duplicate_in_file")
    assert second.duplicate_of == first == third.duplicate_of


def test_a_probable_duplicate_within_the_file_points_at_its_earlier_row(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [
        row(NAMA="Rahmat Hidayatullah"), person(2), row(NIK="6402011206850011", NAMA="Rahmat Hidayatulah")]))
    first, _, later = Candidate.objects.filter(batch=batch).order_by("row_number")
    assert (first.status, later.status) == ("valid", "review")
    assert later.duplicate_of == first
    assert DuplicatePair.objects.get(candidate=later).other == first


def test_rows_are_numbered_in_file_order_and_ids_keep_counting_after_an_import(programme, tmp_path):
    from tests.rentan.factories import candidate_make

    before = candidate_make(programme)
    batch = imported(programme, dtks_csv(tmp_path, [person(n) for n in range(1, 6)]))
    rows = list(Candidate.objects.filter(batch=batch).order_by("row_number").values_list("id", "programme_id"))
    ids = [i for i, _ in rows]
    assert ids == sorted(ids) and ids[0] > before.pk
    assert {p for _, p in rows} == {batch.programme_id} == {programme.pk}
    after = candidate_make(programme)  # the ORM's next id comes after the ids the import reserved
    assert after.pk > ids[-1]


def test_people_insured_as_pu_or_bpu_are_already_participants_unless_their_cover_ended(programme, tmp_path):
    insured(MAN, how="pu")
    insured(WOMAN, how="bpu")
    ended = "6402011206850003"
    insured(ended, how="pu", ended=dt.date(2020, 12, 31))
    batch = imported(programme, dtks_csv(tmp_path, [row(), row(NIK=WOMAN, JENIS_KELAMIN="P", NAMA="Siti Aminah"),
                                                    row(NIK=ended, NAMA="Berhenti Bekerja")]))
    got = statuses(batch)
    assert [got[r][0] for r in (2, 3, 4)] == ["already_participant", "already_participant", "valid"]


def test_precedence_invalid_before_duplicates_before_participants(programme, tmp_path):
    insured(MAN)
    imported(programme, dtks_csv(tmp_path, [person(9)], name="a.csv"))
    rows = [
        row(TGL_LAHIR="13/06/1985"),  # invalid, although its NIK is insured
        row(),  # the first non-invalid row with MAN: insured
        row(),  # duplicate in file wins over insured
        person(9),  # earlier batch
        person(9, TGL_LAHIR="01/01/1985"),  # invalid wins over every duplicate
    ]
    got = statuses(imported(programme, dtks_csv(tmp_path, rows, name="b.csv")))
    assert [got[r][0] for r in range(2, 7)] == ["invalid", "already_participant", "duplicate_in_file",
                                                "duplicate_in_programme", "invalid"]


def test_a_probable_duplicate_of_an_earlier_batch_goes_to_review_with_a_pair(programme, tmp_path):
    imported(programme, dtks_csv(tmp_path, [row(NAMA="Rahmat Hidayatullah")], name="a.csv"))
    second = imported(programme, dtks_csv(tmp_path, [row(NIK="6402011206850011", NAMA="Rahmat Hidayatulah")],
                                          name="b.csv"))
    candidate = Candidate.objects.get(batch=second)
    assert (candidate.status, candidate.verification, candidate.opd) == ("review", "not_routed", None)
    pair = DuplicatePair.objects.get(candidate=candidate)
    assert pair.other.batch.number == 1 and pair.probability >= 0.8 and pair.decision == "pending"
    assert candidate.duplicate_of == pair.other


def test_the_import_writes_one_audit_event_with_the_counts(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [person(1), person(2, NAMA="")]))
    event = AuditEvent.objects.get(action="rentan.batch.import")
    assert event.actor_username == "fitri" and event.after["valid"] == 1 and event.after["invalid"] == 1
    assert event.object_id == str(batch.pk)


def test_the_report_lists_problem_rows_in_indonesian_and_neutralises_formulas(programme, tmp_path):
    rows = [person(1), person(2, NAMA="=HYPERLINK(\"http://x\",\"klik\")", TGL_LAHIR="13/06/1985"), person(1)]
    batch = imported(programme, dtks_csv(tmp_path, rows))
    sheet = pl.read_excel(batch.report_path, sheet_name="Baris bermasalah", engine="calamine",
                          read_options={"dtypes": "string"})
    assert sheet.columns[:3] == ["Baris", "NIK", "Nama"] and "Alasan" in sheet.columns
    assert sheet.get_column("Baris").to_list() == ["3", "4"]
    assert sheet.item(0, "Nama").startswith("'=HYPERLINK")
    assert "Tanggal lahir dalam NIK berbeda" in sheet.item(0, "Alasan")
    assert sheet.item(1, "Status") == "Ganda dalam berkas" and sheet.item(1, "Ganda dengan baris") == "2"
    assert sheet.item(0, "NIK") == "6402011206850002"  # Fitri sees full NIKs


def test_the_report_masks_niks_for_an_importer_who_may_not_see_them(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [person(1, NAMA="")]), who="andi")
    sheet = pl.read_excel(batch.report_path, sheet_name="Baris bermasalah", engine="calamine",
                          read_options={"dtypes": "string"})
    assert sheet.item(0, "NIK") == "640201******0001"


@pytest.mark.parametrize("who", ["joko", "lina"])  # Dishub's verifier; Balikpapan's Disnaker
def test_only_the_programmes_own_data_people_may_import_and_others_leave_no_trace(programme, tmp_path, who):
    with pytest.raises(PermissionDenied):
        imported(programme, dtks_csv(tmp_path, [row()]), who=who)
    assert not ImportBatch.objects.exists() and not Candidate.objects.exists()


# --- re-validation after a correction ----------------------------------------------------------------------

def test_a_corrected_row_is_revalidated_with_the_same_rules_and_goes_back_to_its_opd(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [row(TGL_LAHIR="13/06/1985"), person(5)]))
    wrong = Candidate.objects.get(batch=batch, row_number=2)
    assert wrong.reasons == "nik_birth_mismatch"
    Candidate.objects.filter(pk=wrong.pk).update(birth_date=dt.date(1985, 6, 12))
    counts = revalidate_candidates(Candidate.objects.filter(pk=wrong.pk), actor=user("fitri"))
    wrong.refresh_from_db()
    assert counts["valid"] == 1 and counts["rows"] == 1
    assert (wrong.status, wrong.reasons, wrong.verification, wrong.opd) == ("valid", "", "pending", unit("kukar-disbun"))
    assert AuditEvent.objects.filter(action="rentan.candidate.revalidate").count() == 1


def test_a_correction_that_breaks_a_row_or_repeats_a_nik_is_caught(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [person(1), person(2)]))
    one, two = Candidate.objects.filter(batch=batch).order_by("row_number")
    Candidate.objects.filter(pk=two.pk).update(nik=one.nik)
    Candidate.objects.filter(pk=one.pk).update(village_code="64.71.01.1001")
    counts = revalidate_candidates(Candidate.objects.filter(pk__in=[one.pk, two.pk]), actor=user("fitri"))
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, one.reasons, one.verification) == ("invalid", "outside_region", "not_routed")
    assert (two.status, two.duplicate_of) == ("valid", None)  # the only other row with that NIK is invalid now
    assert counts == {"rows": 2, **dict.fromkeys(STATUSES, 0), "invalid": 1, "valid": 1}


def test_two_corrected_rows_with_one_nik_keep_the_first(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [person(1), person(2)]))
    one, two = Candidate.objects.filter(batch=batch).order_by("row_number")
    Candidate.objects.filter(pk=two.pk).update(nik=one.nik)
    revalidate_candidates(Candidate.objects.filter(pk__in=[one.pk, two.pk]), actor=user("fitri"))
    two.refresh_from_db()
    assert (two.status, two.duplicate_of_id, two.opd) == ("duplicate_in_programme", one.pk, None)


def test_a_file_finished_meanwhile_by_another_job_is_matched_before_writing(programme, tmp_path, monkeypatch):
    from sinergi.rentan.imports import checks as import_checks

    real, other = import_checks.row_checks, dtks_csv(tmp_path, [person(1)], name="a.csv")
    same = dtks_csv(tmp_path, [person(1), person(2)], name="b.csv")
    calls: list[int] = []

    def checks(frame, ctx):
        result = real(frame, ctx)
        if not calls:
            calls.append(1)
            imported(programme, other)  # another job imports a.csv while b.csv is being checked
        return result

    monkeypatch.setattr(import_checks, "row_checks", checks)
    second = imported(programme, same)
    assert [s for s, _ in statuses(second).values()] == ["duplicate_in_programme", "valid"]


def test_the_same_file_finished_meanwhile_by_another_job_returns_that_batch(programme, tmp_path, monkeypatch):
    from sinergi.rentan.imports import checks as import_checks

    real, path = import_checks.row_checks, dtks_csv(tmp_path, [person(1)])
    first: list = []

    def checks(frame, ctx):
        result = real(frame, ctx)
        if not first:
            first.append(None)
            first.append(imported(programme, path))
        return result

    monkeypatch.setattr(import_checks, "row_checks", checks)
    batch = imported(programme, path)
    assert batch.pk == first[1].pk and Candidate.objects.count() == 1


def test_the_report_opens_with_every_problem_row_and_escapes_markup(programme, tmp_path):
    rows = [person(n, NAMA=f"<b>Warga & Anak {n}</b>", TGL_LAHIR="") for n in range(1, 301)]
    batch = imported(programme, dtks_csv(tmp_path, rows))
    sheet = pl.read_excel(batch.report_path, sheet_name="Baris bermasalah", engine="calamine",
                          read_options={"dtypes": "string"})
    assert sheet.height == 300 and sheet.item(299, "Nama") == "<b>Warga & Anak 300</b>"
    assert sheet.item(0, "Kode alasan") == "missing_birth_date" and sheet.item(0, "Tanggal lahir") is None


@given(st.text(max_size=30))
@settings(max_examples=200, deadline=None)
def test_the_reports_column_guard_is_the_spreadsheet_guard(text):
    from sinergi.rentan.imports.report import neutralised

    got = pl.DataFrame({"t": [text]}).select(neutralised(pl.col("t"))).item()
    want = neutralise(text)
    want = want.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert got == "".join(ch for ch in want if ch in "\t\n\r" or ord(ch) >= 32 and ch not in "\ufffe\uffff")


def test_a_large_file_matches_its_niks_as_a_small_one_does(programme, tmp_path, monkeypatch):
    """With LARGE = 2, PostgreSQL joins a temporary key table; SQLite still asks in chunks."""
    from sinergi.rentan.imports import exact as import_exact

    monkeypatch.setattr(import_exact, "LARGE", 2)
    insured(MAN)
    imported(programme, dtks_csv(tmp_path, [person(7)], name="a.csv"))
    got = statuses(imported(programme, dtks_csv(tmp_path, [row(), person(7), person(8), person(9)], name="b.csv")))
    assert [got[r][0] for r in range(2, 6)] == ["already_participant", "duplicate_in_programme", "valid", "valid"]


def test_a_corrected_row_still_waiting_for_a_duplicate_decision_stays_in_review(programme, tmp_path):
    imported(programme, dtks_csv(tmp_path, [row(NAMA="Rahmat Hidayatullah")], name="a.csv"))
    second = imported(programme, dtks_csv(tmp_path, [row(NIK="6402011206850011", NAMA="Rahmat Hidayatulah")],
                                          name="b.csv"))
    candidate = Candidate.objects.get(batch=second)
    Candidate.objects.filter(pk=candidate.pk).update(phone="081200000000")
    revalidate_candidates(Candidate.objects.filter(pk=candidate.pk), actor=user("fitri"))
    candidate.refresh_from_db()
    assert (candidate.status, candidate.verification) == ("review", "not_routed")
    DuplicatePair.objects.filter(candidate=candidate).update(decision="different")
    revalidate_candidates(Candidate.objects.filter(pk=candidate.pk), actor=user("fitri"))
    candidate.refresh_from_db()
    assert (candidate.status, candidate.verification) == ("valid", "pending")


def test_the_import_job_keeps_the_report_with_the_job_and_links_the_batch(programme, tmp_path):
    from sinergi.jobs.services import job_run_foreground

    path = dtks_csv(tmp_path, [person(1), person(2, NAMA="")])
    job = job_run_foreground(kind="rentan.import", actor=user("fitri"),
                             params={"programme": programme.code, "path": str(path), "file_name": "dtks.csv"})
    assert job.status == "succeeded" and job.counts["valid"] == 1 and job.counts["invalid"] == 1
    batch = ImportBatch.objects.get(pk=job.counts["batch"])
    assert batch.job_id == job.pk and batch.created_by == user("fitri")
    assert [f["name"] for f in job.files] == ["laporan-impor-dtks.xlsx"]
    assert batch.report_path.endswith(f"{job.pk}/laporan-impor-dtks.xlsx")
    assert job.progress_done == job.progress_total == 2


def test_a_row_with_empty_optional_cells_is_revalidated(programme, tmp_path):
    batch = imported(programme, dtks_csv(tmp_path, [row(NO_KK="", DESIL="", NO_HP="", ALAMAT="")]))
    candidate = Candidate.objects.get(batch=batch)
    counts = revalidate_candidates(Candidate.objects.filter(pk=candidate.pk), actor=user("fitri"))
    assert counts["valid"] == 1
