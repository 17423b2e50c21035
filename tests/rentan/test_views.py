"""The programme screens as the people of Kutai Kartanegara and Balikpapan use them."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from django.urls import reverse

from sinergi.audit.models import AuditEvent
from sinergi.jobs.models import Job
from sinergi.rentan.models import Candidate, DuplicatePair, Programme
from tests.dates import frozen_moment
from tests.rentan.conftest import kukar_programme
from tests.rentan.factories import batch_make, candidate_make, pair_make
from tests.world import person, unit

V = Candidate.Verification


@pytest.fixture(autouse=True)
def march_2025(time_machine):
    time_machine.move_to(frozen_moment(date(2025, 3, 10)), tick=False)


def balikpapan_programme():
    return kukar_programme(code="BPN-2025", name="Pekerja Rentan Balikpapan", pemda=unit("pemkot-balikpapan"),
                           region=unit("pemkot-balikpapan").region, owner=unit("balikpapan-disnaker"),
                           data_unit=unit("balikpapan-disnaker"), treasury=unit("balikpapan-disnaker"),
                           branch=unit("bpjs-cabang-balikpapan"), actor=person("lina"),
                           routes={c: unit("balikpapan-disnaker") for c in
                                   ("farmer", "fisher", "transport", "cleaner", "religious", "other")})


# --- programmes ------------------------------------------------------------------------------------------

def test_lina_of_pemkot_balikpapan_cannot_see_kukars_programme(login, programme):
    balikpapan = balikpapan_programme()
    client = login("lina")
    page = client.get(reverse("rentan:programme_list")).content.decode()
    assert "BPN-2025" in page and "KUKAR-2025" not in page
    assert client.get(reverse("rentan:programme_detail", args=[programme.pk])).status_code == 404
    assert client.get(reverse("rentan:programme_detail", args=[balikpapan.pk])).status_code == 200


def test_the_programme_page_shows_the_terms_and_the_monthly_contribution(login, programme):
    page = login("andi").get(reverse("rentan:programme_detail", args=[programme.pk])).content.decode()
    assert "Peraturan Daerah Nomor 3 Tahun 2024" in page
    assert "Rp16.800" in page.replace("\xa0", "").replace(" ", "")  # JKK 10.000 + JKM 6.800, no discount
    assert "Dinas Perkebunan Kabupaten Kutai Kartanegara" in page  # the routing table
    assert "2.07.01.2.02.0001.5.1.02.99.99.9999" in page


def test_rahmat_sees_the_programme_his_office_verifies_for(login, programme):
    assert login("rahmat").get(reverse("rentan:programme_detail", args=[programme.pk])).status_code == 200


def _programme_post(**overrides):
    data = {
        "code": "KUKAR-2026", "name": "Pekerja Rentan Kukar 2026", "pemda": str(unit("pemkab-kukar").pk),
        "branch": str(unit("bpjs-cabang-tenggarong").pk), "legal_basis_type": "perda", "legal_basis_number": "3",
        "legal_basis_year": "2024", "period_start": "2026-01-01", "period_end": "2026-12-01",
        "declared_income": "", "quota": "50000", "age_min": "", "age_max": "", "status": "active",
        "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-source": "apbd", "lines-0-account": "JKK", "lines-0-code": "5.1.02.01", "lines-0-name": "Iuran JKK",
        "lines-0-amount": "7.000.000.000",
        "lines-1-source": "apbd", "lines-1-account": "JKM", "lines-1-code": "5.1.02.02", "lines-1-name": "Iuran JKM",
        "lines-1-amount": "3.000.000.000",
    }
    data.update(overrides)
    return data


def test_andi_creates_a_programme_with_its_budget_lines(login, world):
    response = login("andi").post(reverse("rentan:programme_create"), _programme_post())
    programme = Programme.objects.get(code="KUKAR-2026")
    assert response.status_code == 302
    assert programme.owner == unit("kukar-distransnaker") and programme.age_min == 18
    assert [b.amount for b in programme.budget_lines.order_by("number")] == [7_000_000_000, 3_000_000_000]
    assert programme.routes.get(category="farmer").opd == unit("kukar-disbun")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"period_end": "2025-06-01"}, "Akhir periode tidak boleh sebelum awal periode."),
    ({"quota": "0"}, "Kuota harus lebih dari nol."),
    ({"age_min": "70", "age_max": "60"}, "Usia maksimal tidak boleh di bawah usia minimal."),
    ({"lines-0-amount": "-5"}, "Pagu tidak boleh negatif."),
])
def test_the_setup_form_refuses_impossible_terms(login, world, overrides, message):
    response = login("andi").post(reverse("rentan:programme_create"), _programme_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Programme.objects.filter(code="KUKAR-2026").exists()


def test_andi_edits_the_quota_and_moves_a_route(login, programme):
    client = login("andi")
    data = _programme_post(quota="45000", **{"route-farmer": str(unit("kukar-dkp").pk),
                                             "lines-INITIAL_FORMS": "2"})
    data.pop("code")
    data.pop("pemda")
    response = client.post(reverse("rentan:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert programme.quota == 45000
    assert programme.routes.get(category="farmer").opd == unit("kukar-dkp")
    assert AuditEvent.objects.filter(action="rentan.programme.update").exists()


def test_empty_extra_budget_rows_are_ignored_and_a_removed_line_is_deleted(login, programme):
    data = _programme_post(**{"lines-TOTAL_FORMS": "4", "lines-INITIAL_FORMS": "2", "lines-1-DELETE": "on",
                              "lines-2-source": "apbd", "lines-2-account": "JKK", "lines-3-source": "apbd",
                              "lines-3-account": "JKK", "lines-0-code": programme.budget_lines.get(number=1).code})
    data.pop("code")
    data.pop("pemda")
    response = login("andi").post(reverse("rentan:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(programme.budget_lines.values_list("number", flat=True)) == [1]


def test_fitri_may_not_change_the_programme(login, programme):
    assert login("fitri").get(reverse("rentan:programme_edit", args=[programme.pk])).status_code == 403


# --- import ----------------------------------------------------------------------------------------------

def test_fitri_uploads_a_dtks_file_and_it_becomes_a_job(login, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("fitri")
    upload = SimpleUploadedFile("dtks.csv", b"NIK,NAMA\n6402011206850001,Siti\n", content_type="text/csv")
    response = client.post(reverse("rentan:import_upload", args=[programme.pk]), {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get(kind="rentan.import")
    assert job.params["programme"] == "KUKAR-2025" and job.params["file_name"] == "dtks.csv"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-progress"' in page


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(login, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login("fitri").post(reverse("rentan:import_upload", args=[programme.pk]),
                                   {"file": SimpleUploadedFile("dtks.pdf", b"%PDF-1.4")})
    assert response.status_code == 400
    assert "hanya berkas CSV" in response.content.decode()


def test_the_batch_page_counts_every_status(login, programme):
    batch = batch_make(programme)
    candidate_make(programme, batch=batch)
    candidate_make(programme, batch=batch, status=Candidate.Status.INVALID, reasons="nik_format")
    page = login("fitri").get(reverse("rentan:batch_detail", args=[programme.pk, batch.pk])).content.decode()
    assert 'data-testid="batch-total">2<' in page


# --- candidates ------------------------------------------------------------------------------------------

def test_sari_of_another_branch_cannot_open_kukars_candidates(login, programme):
    assert login("sari").get(reverse("rentan:candidates", args=[programme.pk])).status_code == 404


def test_the_candidate_list_filters_by_occupation_category_and_masks_niks_for_the_owner(login, programme):
    farmer = candidate_make(programme, name="Siti Petani", occupation="petani")
    candidate_make(programme, name="Budi Ojek", occupation="ojek")
    page = login("andi").get(reverse("rentan:candidates", args=[programme.pk]) + "?category=farmer").content.decode()
    assert "Siti Petani" in page and "Budi Ojek" not in page
    assert farmer.nik_masked in page and farmer.nik not in page  # Disnaker does not need the full NIK


def test_fitri_sees_full_niks_and_exports_the_list_with_formulas_neutralised(login, programme):
    row = candidate_make(programme, name="=HYPERLINK(\"http://x\")")
    client = login("fitri")
    assert row.nik in client.get(reverse("rentan:candidates", args=[programme.pk])).content.decode()
    response = client.get(reverse("rentan:candidates", args=[programme.pk]) + "?format=xlsx")
    sheet = pl.read_excel(io.BytesIO(response.content), engine="calamine",
                          read_options={"dtypes": "string"})
    assert sheet["NAMA"][0] == "'=HYPERLINK(\"http://x\")"
    assert sheet["NIK"][0] == row.nik
    assert AuditEvent.objects.filter(action="rentan.candidate.export").exists()


def test_the_candidate_list_runs_a_fixed_number_of_queries(login, programme, django_assert_max_num_queries):
    for _ in range(30):
        candidate_make(programme)
    client = login("andi")
    with django_assert_max_num_queries(16):
        client.get(reverse("rentan:candidates", args=[programme.pk]))


# --- the OPD queue ---------------------------------------------------------------------------------------

def test_joko_of_dishub_cannot_see_rahmats_disbun_queue(login, programme):
    candidate_make(programme, name="Siti Petani", occupation="petani")
    candidate_make(programme, name="Budi Ojek", occupation="ojek")
    page = login("joko").get(reverse("rentan:queue")).content.decode()
    assert "Budi Ojek" in page and "Siti Petani" not in page
    farmer = Candidate.objects.get(name="Siti Petani")
    assert login("joko").get(reverse("rentan:candidate_detail", args=[farmer.pk])).status_code == 404


def test_rahmat_verifies_all_rows_matching_his_filter(login, programme):
    candidate_make(programme, name="Sawit Satu", occupation="petani sawit", village_code="64.02.01.2001")
    candidate_make(programme, name="Sawit Dua", occupation="petani sawit", village_code="64.02.07.2001")
    client = login("rahmat")
    url = reverse("rentan:queue") + "?district=64.02.01"
    page = client.get(url).content.decode()
    assert "Sawit Satu" in page and "Sawit Dua" not in page
    response = client.post(url, {"decision": "verified", "reason": "", "scope": "all"})
    assert response.status_code == 302
    assert Candidate.objects.get(name="Sawit Satu").verification == V.VERIFIED
    assert Candidate.objects.get(name="Sawit Dua").verification == V.PENDING


def test_a_bulk_needs_correction_without_a_reason_is_refused(login, programme):
    row = candidate_make(programme)
    response = login("rahmat").post(reverse("rentan:queue"), {"decision": "needs_correction", "scope": "selected",
                                                              "ids": [row.pk]})
    assert response.status_code == 400
    assert "Tuliskan alasannya" in response.content.decode()
    row.refresh_from_db()
    assert row.verification == V.PENDING


def test_rahmat_decides_a_single_row_on_its_page(login, programme):
    row = candidate_make(programme)
    client = login("rahmat")
    response = client.post(reverse("rentan:candidate_detail", args=[row.pk]),
                           {"action": "decide", "decision": "not_eligible", "reason": "Sudah bekerja tetap"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.verification, row.verification_reason) == (V.NOT_ELIGIBLE, "Sudah bekerja tetap")


# --- corrections, duplicates, approval -------------------------------------------------------------------

def test_fitri_sees_the_opds_reason_and_fixes_the_row(login, programme):
    row = candidate_make(programme, name="Siti Amnah")
    login("rahmat").post(reverse("rentan:candidate_detail", args=[row.pk]),
                         {"action": "decide", "decision": "needs_correction", "reason": "Nama salah ketik"})
    client = login("fitri")
    page = client.get(reverse("rentan:corrections", args=[programme.pk])).content.decode()
    assert "Nama salah ketik" in page and "Siti Amnah" in page
    response = client.post(reverse("rentan:candidate_detail", args=[row.pk]), {
        "action": "correct", "name": "Siti Aminah", "nik": row.nik, "birth_date": "12/06/1985", "sex": "M",
        "village_code": "6402012001", "occupation": "petani", "address": "RT 01"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Siti Aminah" and row.verification == V.PENDING and row.opd == unit("kukar-disbun")


def test_a_correction_with_an_unreadable_date_names_the_field(login, programme):
    row = candidate_make(programme, status=Candidate.Status.INVALID, reasons="birth_date_format")
    response = login("fitri").post(reverse("rentan:candidate_detail", args=[row.pk]), {
        "action": "correct", "name": "X", "nik": row.nik, "birth_date": "31/02/1985", "sex": "M",
        "village_code": "6402012001", "occupation": "petani", "address": ""})
    assert response.status_code == 400
    assert "Tulis tanggal lahir sebagai HH/BB/TTTT" in response.content.decode()


def test_fitri_decides_a_probable_duplicate_side_by_side(login, programme):
    first = candidate_make(programme, name="Siti Aminah")
    later = candidate_make(programme, batch=batch_make(programme), name="Siti Aminnah")
    pair = pair_make(later, first, probability=0.91)
    client = login("fitri")
    page = client.get(reverse("rentan:duplicates", args=[programme.pk])).content.decode()
    assert "Siti Aminah" in page and "Siti Aminnah" in page and "0,91" in page
    client.post(reverse("rentan:duplicates", args=[programme.pk]), {"pair": pair.pk, "decision": "different"})
    later.refresh_from_db()
    assert later.status == Candidate.Status.VALID and DuplicatePair.objects.get().decision == "different"


def test_andi_approves_all_and_the_programme_shows_the_enrolled(login, programme):
    rows = [candidate_make(programme) for _ in range(3)]
    login("rahmat").post(reverse("rentan:queue"), {"decision": "verified", "scope": "all"})
    client = login("andi")
    page = client.get(reverse("rentan:approval", args=[programme.pk])).content.decode()
    assert 'data-testid="approval-total">3<' in page
    response = client.post(reverse("rentan:approval", args=[programme.pk]), {"scope": "all"})
    assert response.status_code == 302
    assert all(Candidate.objects.get(pk=r.pk).participant_id for r in rows)
    page = client.get(reverse("rentan:programme_detail", args=[programme.pk])).content.decode()
    assert 'data-testid="programme-enrolled">3<' in page


def test_admin_who_verified_cannot_approve_the_same_rows(login, programme):
    row = candidate_make(programme)
    client = login("admin")
    client.post(reverse("rentan:candidate_detail", args=[row.pk]), {"action": "decide", "decision": "verified"})
    response = client.post(reverse("rentan:approval", args=[programme.pk]), {"scope": "selected", "ids": [row.pk]},
                           follow=True)
    assert "maker-checker" in response.content.decode()
    row.refresh_from_db()
    assert row.participant_id is None


def _sent_back_by_admin_and_verified_by_rahmat(login, programme):
    """The administrator sends a row back, Fitri corrects it and Rahmat verifies it: the row's current
    verifier is Rahmat, but the administrator decided on it once."""
    row = candidate_make(programme, name="Siti Amnah")
    login("admin").post(reverse("rentan:candidate_detail", args=[row.pk]),
                        {"action": "decide", "decision": "needs_correction", "reason": "Nama salah ketik"})
    login("fitri").post(reverse("rentan:candidate_detail", args=[row.pk]), {
        "action": "correct", "name": "Siti Aminah", "nik": row.nik, "birth_date": "12/06/1985", "sex": "M",
        "village_code": "6402012001", "occupation": "petani", "address": "RT 01"})
    login("rahmat").post(reverse("rentan:candidate_detail", args=[row.pk]), {"action": "decide", "decision": "verified"})
    row.refresh_from_db()
    assert (row.verification, row.verified_by) == (V.VERIFIED, person("rahmat"))
    return row


def test_the_candidate_page_lists_every_verification_decision_newest_first(login, programme):
    row = _sent_back_by_admin_and_verified_by_rahmat(login, programme)
    page = login("andi").get(reverse("rentan:candidate_detail", args=[row.pk])).content.decode()
    history = page.split('data-testid="decision-history"')[1].split("</table>")[0]
    assert history.index('data-decision="verified"') < history.index('data-decision="needs_correction"')
    assert "Nama salah ketik" in history
    assert "Rahmat" in history and "Admin" in history
    fresh = candidate_make(programme)
    page = login("rahmat").get(reverse("rentan:candidate_detail", args=[fresh.pk])).content.decode()
    assert 'data-testid="decision-history-empty"' in page and 'data-testid="decision-history"' not in page


def test_admin_who_sent_a_row_back_cannot_approve_it_after_rahmat_verified_it(login, programme):
    row = _sent_back_by_admin_and_verified_by_rahmat(login, programme)
    client = login("admin")
    response = client.post(reverse("rentan:approval", args=[programme.pk]), {"scope": "selected", "ids": [row.pk]},
                           follow=True)
    assert "maker-checker" in response.content.decode()
    row.refresh_from_db()
    assert row.participant_id is None


def test_approve_all_skips_the_approvers_own_decisions_and_says_how_many(login, programme):
    row = _sent_back_by_admin_and_verified_by_rahmat(login, programme)
    other = candidate_make(programme)
    login("rahmat").post(reverse("rentan:candidate_detail", args=[other.pk]), {"action": "decide",
                                                                              "decision": "verified"})
    client = login("admin")
    page = client.get(reverse("rentan:approval", args=[programme.pk])).content.decode()
    assert 'data-testid="approval-own">1 baris pernah Anda putuskan' in page
    own_row = page.split(f'data-candidate="{row.pk}"')[1].split("</tr>")[0]
    assert 'name="ids"' not in own_row and "Anda" in own_row
    assert 'name="ids"' in page.split(f'data-candidate="{other.pk}"')[1].split("</tr>")[0]
    response = client.post(reverse("rentan:approval", args=[programme.pk]), {"scope": "all"}, follow=True)
    text = response.content.decode()
    assert "1 orang disetujui" in text and "1 baris dilewati" in text
    row.refresh_from_db()
    other.refresh_from_db()
    assert row.participant_id is None and other.participant_id is not None


def test_approval_past_the_quota_is_refused_with_the_remaining_number(login, programme):
    Programme.objects.filter(pk=programme.pk).update(quota=1)
    for _ in range(2):
        candidate_make(programme)
    login("rahmat").post(reverse("rentan:queue"), {"decision": "verified", "scope": "all"})
    response = login("andi").post(reverse("rentan:approval", args=[programme.pk]), {"scope": "all"}, follow=True)
    assert "melebihi kuota program" in response.content.decode()
    assert not Candidate.objects.filter(participant__isnull=False).exists()


def test_fitri_uploads_a_corrections_file_and_a_bad_row_is_named_without_changing_anything(login, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    row = candidate_make(programme, status=Candidate.Status.INVALID, reasons="birth_date_format")
    content = f"ID,TGL_LAHIR\n{row.pk},12/13/1985\n".encode()
    response = login("fitri").post(reverse("rentan:corrections", args=[programme.pk]),
                                   {"file": SimpleUploadedFile("perbaikan.csv", content)})
    assert response.status_code == 400
    assert "Baris 2, kolom TGL_LAHIR" in response.content.decode()
    row.refresh_from_db()
    assert row.corrections == 0


def test_the_corrections_list_downloads_as_a_corrections_file_with_row_ids(login, programme):
    row = candidate_make(programme, status=Candidate.Status.INVALID, reasons="nik_format")
    response = login("fitri").get(reverse("rentan:corrections", args=[programme.pk]) + "?format=xlsx")
    sheet = pl.read_excel(io.BytesIO(response.content), engine="calamine", read_options={"dtypes": "string"})
    assert sheet["ID"].to_list() == [str(row.pk)]
    assert {"NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "KODE_DESA", "PEKERJAAN", "ALAMAT"} <= set(sheet.columns)


def test_the_import_page_follows_the_job_until_its_batch_is_there(login, programme):
    job = Job.objects.create(kind="rentan.import", params={"programme": programme.code}, idempotency_key="x" * 64,
                             status=Job.Status.SUCCEEDED, org_unit=unit("kukar-dinsos"), created_by=person("fitri"))
    client = login("fitri")
    url = reverse("rentan:import_upload", args=[programme.pk]) + f"?job={job.pk}&part=progress"
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()  # finished, the batch not yet visible
    batch = batch_make(programme)
    batch.job = job
    batch.save(update_fields=["job"])
    page = client.get(url).content.decode()
    assert "hx-trigger" not in page
    assert reverse("rentan:batch_detail", args=[programme.pk, batch.pk]) in page


def test_the_candidate_list_searches_by_name_and_by_nik_prefix(login, programme):
    siti = candidate_make(programme, name="Siti Aminah")
    candidate_make(programme, name="Bambang")
    client = login("fitri")
    url = reverse("rentan:candidates", args=[programme.pk])
    page = client.get(url + "?q=amin").content.decode()
    assert "Siti Aminah" in page and "Bambang" not in page
    page = client.get(url + f"?q={siti.nik[:12]}").content.decode()
    assert "Siti Aminah" in page


def test_the_queue_runs_a_fixed_number_of_queries(login, programme, django_assert_max_num_queries):
    for _ in range(30):
        candidate_make(programme)
    client = login("rahmat")
    with django_assert_max_num_queries(16):
        client.get(reverse("rentan:queue"))


def test_the_approval_page_counts_by_opd_and_district(login, programme):
    candidate_make(programme, occupation="petani", verification=V.VERIFIED, verified_by=person("rahmat"))
    candidate_make(programme, occupation="ojek", verification=V.VERIFIED, verified_by=person("joko"),
                   village_code="64.02.07.2001")
    page = login("andi").get(reverse("rentan:approval", args=[programme.pk])).content.decode()
    assert "Dinas Perkebunan Kabupaten Kutai Kartanegara" in page and "Dinas Perhubungan" in page
    assert "Muara Muntai" in page and "Sebulu" in page


def test_a_malformed_job_id_on_the_import_page_is_ignored(login, programme):
    response = login("fitri").get(reverse("rentan:import_upload", args=[programme.pk]) + "?job=bukan-uuid")
    assert response.status_code == 200
    assert 'data-testid="import-progress"' not in response.content.decode()


def test_lina_cannot_approve_kukars_rows_even_by_forging_the_form(login, programme):
    row = candidate_make(programme, verification=V.VERIFIED, verified_by=person("rahmat"))
    response = login("lina").post(reverse("rentan:approval", args=[programme.pk]), {"scope": "selected",
                                                                                   "ids": [row.pk]})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.participant_id is None
