"""The writes partners really make through the API — a Kejari's SKK stage, a KPKNL's PUPN stage, BPKD's SP2D, a
bank's payment — with the same services and refusals as the screens, idempotency keys, the rate limit and
conditional reads."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from sinergi.api.api import api
from sinergi.api.models import IdempotencyKey
from sinergi.api.services import token_create
from sinergi.audit.models import AuditEvent
from sinergi.enforcement.models import PupnCase, PupnHandover, Skk, SkkEvent
from sinergi.jobs.models import Job
from sinergi.jobs.services import idempotency_key_for
from sinergi.receivables.models import Payment
from sinergi.rentan.models import PaymentBatch
from sinergi.rentan.payments.services import batch_prepare, batch_submit, programme_wadah_ensure
from tests.dates import frozen_moment
from tests.registry.factories import employer_make
from tests.rentan.test_payments import enrolled_make, programme_2026
from tests.world import person, unit

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _frozen():
    cache.clear()  # the rate limit's window lives in the cache
    with time_machine.travel(frozen_moment(DAY), tick=False):
        yield
    cache.clear()


def bearer(name: str) -> Client:
    raw = token_create(user=person(name), name="Sistem mitra", actor=person(name))[1]
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client: Client, url: str, body: dict, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, json.dumps(body, default=str), content_type="application/json", headers=headers)


def skk_for_rina(number="SKK-API-W1") -> Skk:
    employer = employer_make(branch="bpjs-cabang-kupang", name="PT Kota Karang")
    return Skk.objects.create(employer=employer, branch=unit("bpjs-cabang-kupang"), kejari=unit("kejari-kota-kupang"),
                              number=number, dated=dt.date(2026, 9, 1), principal=5_000_000, amount=5_000_000)


def test_rina_records_a_summons_and_a_commitment_from_kejaris_case_system(world):
    skk = skk_for_rina()
    client = bearer("rina")
    answer = post(client, f"/api/v1/skk/{skk.pk}/events", {"status": "summoned", "dated": "2026-11-02"})
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "summoned" and answer.json()["events"][-1]["dated"] == "2026-11-02"
    answer = post(client, f"/api/v1/skk/{skk.pk}/commitment", {
        "dated": "2026-11-20", "amount": "5000000",
        "instalments": [{"due_on": "2026-12-20", "amount": "2500000"}, {"due_on": "2027-01-20", "amount": "2500000"}]})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["status"] == "commitment"
    assert [(i["due_on"], i["amount"]) for i in body["instalments"]] == [("2026-12-20", "2500000.00"),
                                                                         ("2027-01-20", "2500000.00")]
    assert set(AuditEvent.objects.filter(object_id=str(skk.pk), action__startswith="enforcement.skk.")
               .values_list("action", flat=True)) == {"enforcement.skk.summoned", "enforcement.skk.commitment"}


def test_a_stage_out_of_order_is_refused_as_a_problem_in_indonesian_and_nothing_is_written(world):
    skk = skk_for_rina()
    client = bearer("rina")
    answer = post(client, f"/api/v1/skk/{skk.pk}/events", {"status": "failed", "dated": "2026-11-02"})
    assert answer.status_code == 422 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["detail"] == "Pilih kendala yang membuat penagihan tidak berhasil."
    future = post(client, f"/api/v1/skk/{skk.pk}/events", {"status": "summoned", "dated": "2026-12-08"})
    assert future.status_code == 422 and "masa depan" in future.json()["detail"]
    uneven = post(client, f"/api/v1/skk/{skk.pk}/commitment", {
        "dated": "2026-11-20", "amount": "5000000", "instalments": [{"due_on": "2026-12-20", "amount": "1000000"}]})
    assert uneven.status_code == 422 and "tidak sama dengan jumlah komitmen" in uneven.json()["detail"]
    assert not SkkEvent.objects.filter(skk=skk).exists()
    assert Skk.objects.get(pk=skk.pk).status == Skk.Status.HANDED_OVER


def test_yohanes_of_ende_gets_404_for_kupangs_skk_and_yusuf_403_for_writing_one(world):
    skk = skk_for_rina()
    assert post(bearer("yohanes"), f"/api/v1/skk/{skk.pk}/events",
                {"status": "summoned", "dated": "2026-11-02"}).status_code == 404
    # Yusuf (BPJS compliance) reads SKKs, but recording the prosecutors' work is theirs.
    forbidden = post(bearer("maria"), f"/api/v1/skk/{skk.pk}/events", {"status": "summoned", "dated": "2026-11-02"})
    assert forbidden.status_code == 403 and forbidden.json()["type"].endswith("/tidak-berwenang")
    assert not SkkEvent.objects.exists()


def test_the_same_idempotency_key_replays_the_first_answer_and_writes_once(world):
    skk = skk_for_rina()
    client = bearer("rina")
    url, body = f"/api/v1/skk/{skk.pk}/events", {"status": "summoned", "dated": "2026-11-02"}
    first = post(client, url, body, key="c0ffee-1")
    again = post(client, url, body, key="c0ffee-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert SkkEvent.objects.filter(skk=skk).count() == 1
    # Without the key the same request is a second summons (allowed by the ladder): keys are what dedupe.
    assert post(client, url, body).status_code == 201 and SkkEvent.objects.filter(skk=skk).count() == 2
    other = post(client, url, {"status": "negotiation", "dated": "2026-11-03"}, key="c0ffee-1")
    assert other.status_code == 422 and other.json()["title"] == "Kunci idempotensi sudah dipakai"
    assert SkkEvent.objects.filter(skk=skk).count() == 2


def test_a_refusal_is_replayed_too_but_a_key_belongs_to_its_token(world):
    skk = skk_for_rina()
    url, body = f"/api/v1/skk/{skk.pk}/events", {"status": "failed", "dated": "2026-11-02"}
    rina = bearer("rina")
    assert post(rina, url, body, key="k-1").status_code == 422
    replay = post(rina, url, body, key="k-1")
    assert replay.status_code == 422 and replay["Idempotent-Replayed"] == "true"
    # Another token may use the same key string for its own request.
    agustinus = bearer("agustinus")
    assert post(agustinus, url, {"status": "summoned", "dated": "2026-11-02"}, key="k-1").status_code == 201
    assert IdempotencyKey.objects.count() == 2


def test_budi_of_kpknl_balikpapan_records_the_sp3n_and_a_receipt(world):
    handover = PupnHandover.objects.create(number="BA-API-1", kpknl=unit("kpknl-balikpapan"),
                                           branch=unit("bpjs-cabang-balikpapan"),
                                           status=PupnHandover.Status.HANDED_OVER, dated=dt.date(2026, 10, 1))
    employer = employer_make(branch="bpjs-cabang-balikpapan", name="PT Macet Teluk")
    case = PupnCase.objects.create(handover=handover, employer=employer, principal=Decimal(9_000_000),
                                   amount=Decimal(9_000_000))
    client = bearer("budi")
    listed = client.get("/api/v1/pupn/handovers").json()["items"]
    assert [(h["number"], h["employers"], h["amount_total"]) for h in listed] == [("BA-API-1", 1, "9000000.00")]
    missing_number = post(client, f"/api/v1/pupn/cases/{case.pk}/stages", {"stage": "sp3n", "dated": "2026-10-10"})
    assert missing_number.status_code == 422 and "nomor dokumen" in missing_number.json()["detail"]
    answer = post(client, f"/api/v1/pupn/cases/{case.pk}/stages",
                  {"stage": "sp3n", "dated": "2026-10-10", "reference": "SP3N-12/KPKNL.BPP/2026"})
    assert answer.status_code == 201 and answer.json()["stage"] == "sp3n"
    paid = post(client, f"/api/v1/pupn/cases/{case.pk}/stages",
                {"stage": "paid", "dated": "2026-11-10", "amount": "9000000"})
    assert paid.status_code == 201 and paid.json()["recovered"] == "9000000.00"
    assert [e["stage"] for e in client.get(f"/api/v1/pupn/cases/{case.pk}").json()["events"]] == ["sp3n", "paid"]
    # Rina (a prosecutor) does not see PUPN at all; Yusuf sees it but the stages are the KPKNL's.
    assert bearer("rina").get("/api/v1/pupn/handovers").status_code == 403
    assert post(bearer("yusuf"), f"/api/v1/pupn/cases/{case.pk}/stages",
                {"stage": "psbdt", "dated": "2026-11-11", "reference": "X"}).status_code == 403


def test_dewi_of_bpkd_records_the_sp2d_of_kukars_submitted_batch(world):
    programme = programme_2026()
    programme_wadah_ensure(programme=programme, actor=None)
    enrolled_make(programme, 2)
    batch = batch_submit(batch=batch_prepare(programme=programme, period=dt.date(2026, 11, 1), actor=person("andi")),
                         actor=person("andi"))
    client = bearer("dewi")
    listed = client.get("/api/v1/rentan/batches", {"programme": "KUKAR-2026"}).json()["items"]
    assert [(b["period"], b["status"], b["participants"]) for b in listed] == [("2026-11-01", "submitted", 2)]
    detail = client.get(f"/api/v1/rentan/batches/{batch.pk}").json()
    assert {c["account"] for c in detail["codes"]} == {"JKK", "JKM"}
    assert sum(Decimal(c["amount"]) for c in detail["codes"]) == Decimal(detail["total"])
    answer = post(client, f"/api/v1/rentan/batches/{batch.pk}/sp2d",
                  {"sp2d_number": "SP2D/0099/BPKD/2026", "sp2d_date": "2026-12-07"}, key="sp2d-nov")
    assert answer.status_code == 201 and answer.json()["status"] == "paid"
    twice = post(client, f"/api/v1/rentan/batches/{batch.pk}/sp2d",
                 {"sp2d_number": "SP2D/0100/BPKD/2026", "sp2d_date": "2026-12-07"})
    assert twice.status_code == 422 and "pencatatan SP2D" in twice.json()["detail"]
    assert PaymentBatch.objects.get(pk=batch.pk).sp2d_number == "SP2D/0099/BPKD/2026"
    # Andi owns the programme but paying is BPKD's; Lina of Balikpapan does not see Kukar's batch.
    assert post(bearer("andi"), f"/api/v1/rentan/batches/{batch.pk}/sp2d",
                {"sp2d_number": "X", "sp2d_date": "2026-12-01"}).status_code == 403
    assert bearer("lina").get(f"/api/v1/rentan/batches/{batch.pk}").status_code == 404


def test_a_bank_posts_a_payment_once_whatever_it_resends(world):
    employer = employer_make(branch="bpjs-cabang-balikpapan", name="PT Teluk Balikpapan")
    client = bearer("dimas")
    body = {"npp": employer.npp, "amount": "1250000", "paid_on": "2026-12-04", "reference": "BNI-20261204-0001"}
    first = post(client, "/api/v1/payments/", body)
    assert first.status_code == 201, first.content
    assert first.json()["channel"] == "partner" and first.json()["unallocated"] == "1250000.00"
    resent = post(client, "/api/v1/payments/", body)
    assert resent.status_code == 200 and resent.json()["id"] == first.json()["id"]
    clash = post(client, "/api/v1/payments/", {**body, "amount": "999"})
    assert clash.status_code == 422 and "sudah dipakai" in clash.json()["detail"]
    assert Payment.objects.filter(reference="BNI-20261204-0001").count() == 1
    kupang = employer_make(branch="bpjs-cabang-kupang")
    outside = post(client, "/api/v1/payments/", {**body, "npp": kupang.npp, "reference": "BNI-2"})
    assert outside.status_code == 422 and outside.json()["errors"][0]["location"] == "npp"


def test_over_the_rate_a_token_gets_429_with_retry_after_and_another_token_does_not(world, monkeypatch):
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 3)
    client = bearer("yusuf")
    assert [client.get("/api/v1/skk/").status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get("/api/v1/skk/")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert limited.json()["title"] == "Terlalu banyak permintaan"
    assert bearer("yusuf").get("/api/v1/skk/").status_code == 200
    with time_machine.travel(frozen_moment(DAY) + dt.timedelta(minutes=1, seconds=1), tick=False):
        assert client.get("/api/v1/skk/").status_code == 200


def test_a_list_that_did_not_change_answers_304_to_its_etag(world):
    skk_for_rina()
    client = bearer("rina")
    first = client.get("/api/v1/skk/")
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    unchanged = client.get("/api/v1/skk/", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    skk_for_rina("SKK-API-W2")
    changed = client.get("/api/v1/skk/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag and len(changed.json()["items"]) == 2


def test_a_partner_polls_its_job_and_downloads_the_result_with_its_token(world, settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path
    params = {"file": "dtks.xlsx"}
    job = Job.objects.create(kind="regions.load", params=params, idempotency_key=idempotency_key_for("regions.load",
                                                                                                     params),
                             status=Job.Status.SUCCEEDED, org_unit=unit("bpjs-cabang-balikpapan"),
                             created_by=person("dimas"), files=[{"name": "laporan.csv", "label": "Laporan"}])
    (tmp_path / str(job.pk)).mkdir()
    (tmp_path / str(job.pk) / "laporan.csv").write_text("baris;status\n1;valid\n")
    client = bearer("dimas")
    body = client.get(f"/api/v1/jobs/{job.pk}").json()
    assert body["status"] == "succeeded" and body["files"][0]["name"] == "laporan.csv"
    download = client.get(body["files"][0]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"baris;status")
    assert bearer("rina").get(f"/api/v1/jobs/{job.pk}").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}/files/lain.csv").status_code == 404


def test_rahmat_of_disbun_decides_his_queue_in_bulk_and_the_rows_of_dishub_are_skipped(world):
    from sinergi.rentan.models import Candidate
    from tests.rentan.conftest import kukar_programme
    from tests.rentan.factories import candidate_make

    programme = kukar_programme(code="KUKAR-API")
    farmers = [candidate_make(programme, occupation="petani") for _ in range(3)]
    driver = candidate_make(programme, occupation="ojek")
    rahmat = bearer("rahmat")
    listed = rahmat.get(f"/api/v1/rentan/programmes/{programme.pk}/candidates", {"verification": "pending"}).json()
    assert sorted(r["id"] for r in listed["items"]) == sorted(c.pk for c in farmers)
    assert all("******" in r["nik"] for r in listed["items"])  # an OPD verifier sees masked NIKs
    url = f"/api/v1/rentan/programmes/{programme.pk}/decisions"
    no_reason = post(rahmat, url, {"candidate_ids": [farmers[0].pk], "decision": "not_eligible"})
    assert no_reason.status_code == 422 and "alasan" in no_reason.json()["detail"]
    answer = post(rahmat, url, {"candidate_ids": [c.pk for c in farmers] + [driver.pk], "decision": "verified"})
    assert answer.status_code == 200 and answer.json() == {"decided": 3, "skipped": 1}
    assert set(Candidate.objects.filter(pk__in=[c.pk for c in farmers]).values_list("verification", flat=True)) \
        == {"verified"}
    assert Candidate.objects.get(pk=driver.pk).verification == "pending"
    # Fitri of Dinsos sees every row with the full NIK, and that reading is audited.
    full = bearer("fitri").get(f"/api/v1/rentan/programmes/{programme.pk}/candidates").json()["items"]
    assert {r["nik"] for r in full} == {c.nik for c in [*farmers, driver]}
    assert AuditEvent.objects.filter(action="api.candidate.nik_read").count() == 1
    assert bearer("lina").get(f"/api/v1/rentan/programmes/{programme.pk}/candidates").status_code == 404
