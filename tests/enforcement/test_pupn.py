"""Handover of bad receivables to PUPN/KPKNL: candidates, handover batches, documents, PUPN stages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from sinergi.clock import today
from sinergi.enforcement.models import Letter, PupnCase, PupnEvent, PupnHandover
from sinergi.enforcement.pupn.documents import DOCUMENTS
from sinergi.enforcement.pupn.services import (
    pupn_candidates,
    pupn_check,
    pupn_handover_create,
    pupn_handover_submit,
    pupn_recovered,
    pupn_stage_record,
)
from sinergi.receivables.models import Bill, BillLine
from sinergi.rules.periods import add_months
from tests.enforcement.factories import employer_in_arrears, skk_make
from tests.receivables.factories import pay
from tests.world import person, unit

ALL_DOCUMENTS = {key: True for key, _label in DOCUMENTS}


@pytest.fixture(autouse=True)
def _letters_in_tmp(settings, tmp_path):
    """Covering letters are written to disk when a handover is handed over: keep them out of var/."""
    settings.LETTERS_DIR = tmp_path / "letters"


def macet(*, branch="bpjs-cabang-balikpapan", region="64.71", months=12, name=None, address="Jl. Sudirman No. 1"):
    """A Balikpapan employer that stopped paying in January 2024: macet, about Rp 13 juta of principal."""
    return employer_in_arrears(branch=branch, months=months, region_id=region, address=address, name=name)


def _handover(employers, *, kpknl="kpknl-balikpapan", actor="dimas") -> PupnHandover:
    return pupn_handover_create(kpknl=unit(kpknl), employer_ids=[e.pk for e in employers], documents=ALL_DOCUMENTS,
                                actor=person(actor))


def _handed_over(employers, **kw) -> PupnHandover:
    handover = _handover(employers, **kw)
    return pupn_handover_submit(handover=handover, number=f"BA-{handover.pk}/2026", dated=today(),
                                actor=person(kw.get("actor", "dimas")))


# --- candidates ------------------------------------------------------------------------------------------

def test_a_macet_employer_above_the_minimum_is_a_candidate_of_the_kpknl_of_its_regency(world):
    balikpapan = macet(name="PT Teluk Macet")
    tarakan = macet(branch="bpjs-cabang-tarakan", region="65.71", name="PT Tarakan Macet")
    tenggarong = macet(branch="bpjs-cabang-tenggarong", region="64.02", name="PT Kukar Macet")
    screen = pupn_candidates(unit=unit("bpjs-kanwil-kalimantan"))
    by_id = {c.employer_id: c for c in screen.eligible}
    assert by_id[balikpapan.pk].kpknl.code == "kpknl-balikpapan"
    assert by_id[tarakan.pk].kpknl.code == "kpknl-tarakan"
    # Tenggarong (Kutai Kartanegara) is served by KPKNL Samarinda, not by a KPKNL of its own.
    assert by_id[tenggarong.pk].kpknl.code == "kpknl-samarinda"
    candidate = by_id[balikpapan.pk]
    assert candidate.principal >= Decimal(8_000_000) and candidate.months >= 12
    assert candidate.total == candidate.principal + candidate.penalty and candidate.penalty > 0
    assert len(candidate.bill_ids) == 12


def test_a_macet_employer_below_the_minimum_or_not_macet_is_refused_with_the_rules_reasons(world):
    small = employer_in_arrears(months=12, base=1_000_000, region_id="64.71", address="Jl. Kecil")
    # Two months unpaid from three months ago: overdue, large, and not macet on whatever day the test runs.
    recent = employer_in_arrears(months=2, first=add_months(today().replace(day=1), -3), base=100_000_000,
                                 region_id="64.71", address="Jl. Baru")
    screen = pupn_candidates(unit=unit("bpjs-cabang-balikpapan"))
    assert small.pk not in {c.employer_id for c in screen.eligible + screen.blocked}
    checked = pupn_check(employer_ids=[small.pk, recent.pk])
    assert checked[small.pk].reason_codes == ("below_minimum",)
    assert "di bawah minimum Rp 8.000.000" in checked[small.pk].reasons[0]
    assert "not_macet" in checked[recent.pk].reason_codes


def test_an_employer_that_had_an_skk_is_blocked_on_the_page_with_the_reason(login):
    handled = macet(name="PT Pernah Disidik")
    skk_make(employer=handled, kejari="kejari-balikpapan", status="failed")
    screen = pupn_candidates(unit=unit("bpjs-cabang-balikpapan"))
    assert handled.pk not in {c.employer_id for c in screen.eligible}
    blocked = {c.employer_id: c for c in screen.blocked}[handled.pk]
    assert blocked.reason_codes == ("handled_by_aph",)
    page = login("dimas").get("/penegakan/pupn/kandidat/").content.decode()
    assert "PT Pernah Disidik" in page and "Sedang/pernah ditangani aparat penegak hukum (APH)." in page


def test_dimas_cannot_hand_over_an_employer_that_had_an_skk_and_sees_why(login):
    handled = macet(name="PT Pernah Disidik")
    skk_make(employer=handled, kejari="kejari-balikpapan", status="settled")
    with pytest.raises(ValidationError) as error:
        _handover([handled])
    assert "Sedang/pernah ditangani aparat penegak hukum (APH)." in " ".join(error.value.messages)
    client = login("dimas")
    response = client.post("/penegakan/pupn/kandidat/", {
        "kpknl": unit("kpknl-balikpapan").pk, "employers": [handled.pk],
        **{f"doc_{k}": "on" for k in ALL_DOCUMENTS}})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="handover-error"' in page and "Sedang/pernah ditangani aparat penegak hukum (APH)." in page
    assert not PupnHandover.objects.exists()


def test_an_unticked_document_makes_the_batch_incomplete(world):
    employer = macet()
    with pytest.raises(ValidationError) as error:
        pupn_handover_create(kpknl=unit("kpknl-balikpapan"), employer_ids=[employer.pk],
                             documents={**ALL_DOCUMENTS, "warnings": False}, actor=person("dimas"))
    assert "Dokumen pendukung belum lengkap." in " ".join(error.value.messages)


def test_an_employer_without_an_address_has_incomplete_registration_data(world):
    employer = macet(address="")
    assert pupn_check(employer_ids=[employer.pk])[employer.pk].reason_codes == ("documents_incomplete",)


def test_an_employer_of_another_kpknl_cannot_join_the_batch(world):
    tarakan = macet(branch="bpjs-cabang-tarakan", region="65.71")
    with pytest.raises(ValidationError) as error:
        pupn_handover_create(kpknl=unit("kpknl-balikpapan"), employer_ids=[tarakan.pk], documents=ALL_DOCUMENTS,
                             actor=person("admin"))
    assert "KPKNL Tarakan" in " ".join(error.value.messages)


def test_dimas_of_balikpapan_cannot_hand_over_a_tarakan_employer(world):
    tarakan = macet(branch="bpjs-cabang-tarakan", region="65.71")
    with pytest.raises(ValidationError):
        pupn_handover_create(kpknl=unit("kpknl-tarakan"), employer_ids=[tarakan.pk], documents=ALL_DOCUMENTS,
                             actor=person("dimas"))


def test_hendra_may_look_but_not_hand_over(world):
    with pytest.raises(PermissionDenied):
        _handover([macet()], actor="hendra")


# --- the handover ----------------------------------------------------------------------------------------

def test_handing_over_records_the_bills_and_leaves_the_ledger_unchanged(login):
    employer = macet(name="PT Serah Terima")
    lines_before = list(BillLine.objects.filter(bill__employer=employer).values_list("pk", "amount"))
    draft = _handover([employer])
    assert draft.status == PupnHandover.Status.DRAFT and draft.branch.code == "bpjs-cabang-balikpapan"
    pupn_case = draft.cases.get()
    assert sorted(pupn_case.bill_ids) == sorted(Bill.objects.filter(employer=employer).values_list("pk", flat=True))
    assert pupn_case.amount == pupn_case.principal + pupn_case.penalty
    # A draft already takes the employer off the candidates.
    assert employer.pk not in {c.employer_id for c in pupn_candidates(unit=unit("bpjs-cabang-balikpapan")).eligible}
    handover = pupn_handover_submit(handover=draft, number="BA-001/PUPN/2026", dated=today(), actor=person("dimas"))
    assert handover.status == PupnHandover.Status.HANDED_OVER and handover.number == "BA-001/PUPN/2026"
    assert list(BillLine.objects.filter(bill__employer=employer).values_list("pk", "amount")) == lines_before
    assert Letter.objects.filter(handover=handover, kind=Letter.Kind.KPKNL).count() == 1
    statement = login("dimas").get(f"/pemberi-kerja/{employer.pk}/rekening-koran/").content.decode()
    assert "Diserahkan ke PUPN (KPKNL Balikpapan) sejak" in statement


def test_a_handover_number_is_used_once(world):
    _handed_over([macet()])
    second = _handover([macet()])
    used = PupnHandover.objects.get(status="handed_over").number
    with pytest.raises(ValidationError) as error:
        pupn_handover_submit(handover=second, number=used, dated=today(), actor=person("dimas"))
    assert "sudah dipakai" in " ".join(error.value.messages)


def test_an_employer_referred_to_the_prosecutors_after_the_draft_cannot_be_handed_over(world):
    employer = macet()
    draft = _handover([employer])
    skk_make(employer=employer, kejari="kejari-balikpapan")
    with pytest.raises(ValidationError) as error:
        pupn_handover_submit(handover=draft, number="BA-9/2026", dated=today(), actor=person("dimas"))
    assert "aparat penegak hukum" in " ".join(error.value.messages)


def test_the_handover_documents_render_in_indonesian(login):
    employer = macet(name="PT Dokumen Lengkap")
    handover = _handed_over([employer])
    client = login("dimas")
    for name, needle in (("resume.pdf", "Resume Piutang"), ("berita-acara.pdf", "BERITA ACARA"),
                         ("pengantar.pdf", "KPKNL Balikpapan")):
        response = client.get(f"/penegakan/pupn/{handover.pk}/dokumen/{name}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert needle in text, name
        if name != "pengantar.pdf":
            assert "PT Dokumen Lengkap" in text
    xlsx = client.get(f"/penegakan/pupn/{handover.pk}/dokumen/resume.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_dimas_creates_a_draft_from_the_candidates_page_and_hands_it_over(login):
    employer = macet(name="PT Lewat Layar")
    client = login("dimas")
    page = client.get("/penegakan/pupn/kandidat/").content.decode()
    assert "PT Lewat Layar" in page and 'data-kpknl="kpknl-balikpapan"' in page
    response = client.post("/penegakan/pupn/kandidat/", {
        "kpknl": unit("kpknl-balikpapan").pk, "employers": [employer.pk],
        **{f"doc_{k}": "on" for k in ALL_DOCUMENTS}})
    handover = PupnHandover.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/penegakan/pupn/{handover.pk}/"
    response = client.post(f"/penegakan/pupn/{handover.pk}/serahkan/", {"number": "BA-77/2026",
                                                                        "dated": today().isoformat()})
    assert response.status_code == 302
    detail = client.get(f"/penegakan/pupn/{handover.pk}/").content.decode()
    assert "Berita acara BA-77/2026" in detail and "PT Lewat Layar" in detail


# --- the KPKNL's work ------------------------------------------------------------------------------------

def test_budi_of_kpknl_balikpapan_records_the_pupn_stages_in_order(login):
    handover = _handed_over([macet(name="PT Tahapan")])
    pupn_case = handover.cases.get()
    budi = person("budi")
    with pytest.raises(ValidationError) as error:
        pupn_stage_record(pupn_case=pupn_case, stage="surat_paksa", dated=today(), reference="SP-1", actor=budi)
    assert "tidak dapat dicatat sesudah Diserahkan" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        pupn_stage_record(pupn_case=pupn_case, stage="sp3n", dated=today(), actor=budi)
    assert "Isi nomor dokumen" in " ".join(error.value.messages)
    pupn_stage_record(pupn_case=pupn_case, stage="sp3n", dated=today(), reference="SP3N-12/2026", actor=budi)
    pupn_stage_record(pupn_case=pupn_case, stage="pernyataan_bersama", dated=today(), reference="PB-3/2026",
                      amount=2_000_000, actor=budi)
    pupn_case.refresh_from_db()
    assert pupn_case.stage == "pernyataan_bersama" and pupn_case.recovered == 2_000_000
    assert list(PupnEvent.objects.filter(pupn_case=pupn_case).values_list("stage", flat=True)) == [
        "sp3n", "pernyataan_bersama"]
    client = login("budi")
    response = client.post(f"/penegakan/pupn/berkas/{pupn_case.pk}/tahap/", {
        f"c{pupn_case.pk}-stage": "submitted", f"c{pupn_case.pk}-dated": today().isoformat()})
    assert response.status_code == 400 and "tidak dapat dicatat sesudah Pernyataan Bersama" in response.content.decode()


def test_dimas_cannot_record_a_pupn_stage(world):
    handover = _handed_over([macet()])
    with pytest.raises(PermissionDenied):
        pupn_stage_record(pupn_case=handover.cases.get(), stage="sp3n", dated=today(), reference="X",
                          actor=person("dimas"))


def test_payments_to_bpjs_after_the_handover_count_as_recovered(world):
    employer = macet()
    handover = _handed_over([employer])
    pupn_case = PupnCase.objects.select_related("handover").get(handover=handover)
    from sinergi.receivables.payments import payment_allocate

    payment_allocate(payment=pay(employer, 3_000_000, today()), actor=None)
    pupn_stage_record(pupn_case=pupn_case, stage="sp3n", dated=today(), reference="SP3N-1", amount=500_000,
                      actor=person("budi"))
    pupn_case.refresh_from_db()
    assert pupn_recovered([pupn_case])[pupn_case.pk] == Decimal(3_500_000)


def test_budi_sees_his_handovers_only_and_rina_sees_no_pupn(login):
    own = _handed_over([macet(name="PT Milik Balikpapan")])
    other = _handed_over([macet(branch="bpjs-cabang-tarakan", region="65.71", name="PT Milik Tarakan")],
                         kpknl="kpknl-tarakan", actor="admin")
    client = login("budi")
    page = client.get("/penegakan/pupn/").content.decode()
    assert own.number in page and other.number not in page
    assert client.get(f"/penegakan/pupn/{other.pk}/").status_code == 404
    assert client.get(f"/penegakan/pupn/{own.pk}/").status_code == 200
    rina = login("rina")
    assert rina.get("/penegakan/pupn/").status_code == 403


def test_budi_cannot_record_a_stage_of_kpknl_tarakan(login):
    other = _handed_over([macet(branch="bpjs-cabang-tarakan", region="65.71")], kpknl="kpknl-tarakan", actor="admin")
    pupn_case = other.cases.get()
    response = login("budi").post(f"/penegakan/pupn/berkas/{pupn_case.pk}/tahap/", {
        f"c{pupn_case.pk}-stage": "sp3n", f"c{pupn_case.pk}-dated": today().isoformat(),
        f"c{pupn_case.pk}-reference": "SP3N-X"})
    assert response.status_code == 404
    assert not PupnEvent.objects.exists()


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_handover_pages_cost_the_same_queries_for_one_employer_or_three(login):
    small = _handed_over([macet()])
    large = _handed_over([macet(), macet(), macet()])
    client = login("budi")
    assert _queries(client, f"/penegakan/pupn/{small.pk}/") == _queries(client, f"/penegakan/pupn/{large.pk}/")
    one = _queries(client, "/penegakan/pupn/")
    _handed_over([macet()])
    assert _queries(client, "/penegakan/pupn/") == one
