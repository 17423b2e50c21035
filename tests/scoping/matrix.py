"""The scoping matrix: every endpoint × every person, and what each must get.

Add one line to ``ENDPOINTS`` for every new list, detail, export or API endpoint. The expected answer is
derived independently of the scoping code: from the capability table (may this role open it at all?) and
from the organisation tree walked by parent links (does the record's unit lie under the person's unit?).

- ``owner``: for a detail endpoint, the unit whose record it shows; people outside it get 404.
- ``markers``: for a list endpoint, a function giving {unit code: text that identifies that unit's record
  on the page}; a person must see exactly the markers of the units under their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from sinergi.audit.services import audit_record
from sinergi.jobs.models import Job
from sinergi.jobs.services import idempotency_key_for
from sinergi.orgs.roles import UnitKind
from sinergi.receivables.models import BillingRun, Payment
from sinergi.registry.models import Employer, Worker
from sinergi.rentan.models import Candidate, OccupationRoute
from tests.registry.factories import employer_make, employment_make, worker_make
from tests.rentan.conftest import kukar_programme
from tests.rentan.factories import candidate_make
from tests.world import person, unit

# Units that own the records of the matrix: two BPJS branches, two Kejari, a KPKNL, two OPDs of one Pemda
# and one of another — enough to see leaks across agencies, across siblings and across regions.
RECORD_UNITS = (
    "bpjs-cabang-balikpapan", "bpjs-cabang-kupang", "kejari-kota-kupang", "kejari-ende", "kpknl-balikpapan",
    "kukar-disbun", "kukar-dishub", "balikpapan-disnaker",
)


@dataclass
class Records:
    jobs: dict[str, Job] = field(default_factory=dict)
    audit_markers: dict[str, str] = field(default_factory=dict)
    employers: dict[str, Employer] = field(default_factory=dict)  # per BPJS branch of RECORD_UNITS
    workers: dict[str, Worker] = field(default_factory=dict)
    payments: dict[str, Payment] = field(default_factory=dict)  # one per BPJS branch, of its employer
    billing_runs: dict[str, BillingRun] = field(default_factory=dict)
    # PUPN handovers (issue 6): each seen by exactly one persona's subtree (see _pupn_records).
    handovers: dict[str, object] = field(default_factory=dict)  # owner code → PupnHandover
    pupn_npps: dict[str, str] = field(default_factory=dict)  # branch code → NPP of a macet employer
    # SKKs (issue 6): each seen through one persona's subtree only (see _skk_records).
    skks: dict[str, object] = field(default_factory=dict)  # owner code → enforcement.Skk
    # Enforcement cases (issue 6): per BPJS branch a case due today with its SP1 letter, and an employer in
    # arrears without a case (the list cases are opened from).
    cases: dict[str, object] = field(default_factory=dict)  # branch code → enforcement.Case
    case_letters: dict[str, object] = field(default_factory=dict)  # branch code → enforcement.Letter
    arrears_npps: dict[str, str] = field(default_factory=dict)  # branch code → NPP of an employer in arrears
    # Pekerja rentan: one programme per Pemda, each held by one unit (its owner, data unit and treasury, and
    # the OPD of every route), so that the tree alone says who sees it; queue rows routed to Disbun and Dishub.
    programmes: dict[str, object] = field(default_factory=dict)  # owner unit code → rentan.Programme
    rentan_queue: dict[str, str] = field(default_factory=dict)  # OPD code → name of a row waiting there
    rentan_candidate: object = None  # a row of the Kukar programme routed to nobody (invalid)
    payment_batches: dict[str, object] = field(default_factory=dict)  # owner code → rentan.PaymentBatch
    coverage_markers: dict[str, str] = field(default_factory=dict)  # branch code → its regency row (coverage)
    project_markers: dict[str, str] = field(default_factory=dict)  # branch code → a Jakon project's contract
    # Claims (issue 14): one per BPJS branch of RECORD_UNITS, of its marked worker.
    claims: dict[str, object] = field(default_factory=dict)  # branch code → claims.Claim


def make_records() -> Records:
    records = Records()
    for code in RECORD_UNITS:
        owner = unit(code)
        params = {"marker": code}
        records.jobs[code] = Job.objects.create(
            kind="regions.load", params=params, idempotency_key=idempotency_key_for("regions.load", params),
            status=Job.Status.SUCCEEDED, org_unit=owner,
        )
        marker = f"PENANDA-{code}"
        audit_record(actor=None, action="uji.penanda", object_type="orgs.orgunit", object_id=str(owner.pk),
                     object_repr=marker, scope_unit=owner)
        records.audit_markers[code] = marker
        if owner.kind == UnitKind.BPJS_CABANG:
            employer = employer_make(branch=owner, name=f"PT Penanda {code}")
            records.employers[code] = employer
            records.workers[code] = worker_make(name=f"Pekerja {code}")
            employment_make(worker=records.workers[code], employer=employer)
            records.payments[code] = Payment.objects.create(
                employer=employer, amount=1_500_000, paid_on=dt.date(2024, 2, 10), reference=f"MATRIKS-{code}")
            records.billing_runs[code] = BillingRun.objects.create(
                period=dt.date(2024, 1, 1), branch=owner, org_unit=owner, status=BillingRun.Status.SUCCEEDED)
    _rentan_records(records)
    _payment_batch_records(records)
    _case_records(records)
    _pupn_records(records)
    _skk_records(records)
    _coverage_records(records)
    _claim_records(records)
    return records


def _rentan_records(records: Records) -> None:
    for code, pemda in (("kukar-distransnaker", "pemkab-kukar"), ("balikpapan-disnaker", "pemkot-balikpapan")):
        holder = unit(code)
        records.programmes[code] = kukar_programme(
            code=f"matriks-{code}", name=f"Program Penanda {code}", pemda=unit(pemda), region=unit(pemda).region,
            owner=holder, data_unit=holder, treasury=holder, branch=None, actor=None,
            routes={category: holder for category in OccupationRoute.Category.values})
    kukar = records.programmes["kukar-distransnaker"]
    for code, occupation in (("kukar-disbun", "petani"), ("kukar-dishub", "ojek")):
        name = f"Antrean Penanda {code}"
        candidate_make(kukar, name=name, occupation=occupation, opd=unit(code))
        records.rentan_queue[code] = name
    records.rentan_candidate = candidate_make(kukar, name="Baris Penanda", status=Candidate.Status.INVALID,
                                              reasons="nik_format")


def _payment_batch_records(records: Records) -> None:
    from sinergi.rentan.models import PaymentBatch

    for code, programme in records.programmes.items():
        records.payment_batches[code] = PaymentBatch.objects.create(programme=programme,
                                                                    period=programme.period_start)


def _kukar(r: Records) -> dict:
    return {"programme_id": r.programmes["kukar-distransnaker"].pk}


def _case_records(records: Records) -> None:
    from decimal import Decimal

    from sinergi.clock import today
    from sinergi.enforcement.letters import unit_short
    from sinergi.enforcement.models import Case, Letter
    from sinergi.receivables.models import EmployerSummary

    for code in ("bpjs-cabang-balikpapan", "bpjs-cabang-kupang"):
        owner = unit(code)
        case = Case.objects.create(
            number=f"KP/MATRIKS/{unit_short(owner)}", employer=employer_make(branch=owner, name=f"PT Kasus {code}"),
            branch=owner, origin=Case.Origin.PDS_WAGE, stage=Case.Stage.WARNING_1, amount=Decimal(2_000_000),
            opened_on=today(), next_action="warning_2", next_due=today())
        records.cases[code] = case
        records.case_letters[code] = Letter.objects.create(
            case=case, kind=Letter.Kind.WARNING_1, number=f"SP1/MATRIKS/{unit_short(owner)}", dated=today(),
            file_path=f"matriks/{code}.pdf")
        late = employer_make(branch=owner, name=f"PT Menunggak {code}")
        EmployerSummary.objects.create(employer=late, billed=Decimal(3_000_000), paid=0, outstanding=Decimal(3_000_000),
                                       arrears=Decimal(3_000_000), unpaid_bills=2, months_overdue=1, klass="lancar",
                                       computed_on=today())
        records.arrears_npps[code] = late.npp


def _case_of(code: str) -> Callable[[Records], dict]:
    return lambda r: {"pk": r.cases[code].pk}


def _letter_of(code: str) -> Callable[[Records], dict]:
    return lambda r: {"pk": r.case_letters[code].pk}


def _pupn_records(records: Records) -> None:
    """Two handovers, each visible through one unit only: one to KPKNL Balikpapan handed over by the system
    unit (so only KPKNL Balikpapan's side counts), one from the Kupang branch to KPKNL Tarakan (where no
    persona works). And per BPJS branch a macet employer above the PUPN minimum (a candidate, or a blocked
    one with its reason)."""
    from decimal import Decimal

    from sinergi.clock import today
    from sinergi.enforcement.models import PupnCase, PupnHandover
    from sinergi.receivables.models import EmployerSummary

    for owner, branch, kpknl in (("kpknl-balikpapan", "sinergi", "kpknl-balikpapan"),
                                 ("bpjs-cabang-kupang", "bpjs-cabang-kupang", "kpknl-tarakan")):
        handover = PupnHandover.objects.create(number=f"BA-MATRIKS-{owner}", kpknl=unit(kpknl), branch=unit(branch),
                                               status=PupnHandover.Status.HANDED_OVER, dated=today())
        employer = employer_make(branch=unit("bpjs-cabang-kupang"), name=f"PT PUPN {owner}")
        PupnCase.objects.create(handover=handover, employer=employer, principal=Decimal(9_000_000),
                                amount=Decimal(9_000_000))
        records.handovers[owner] = handover
    for code, region in (("bpjs-cabang-balikpapan", "64.71"), ("bpjs-cabang-kupang", "53.71")):
        employer = employer_make(branch=unit(code), name=f"PT Macet {code}", region_id=region, address="Jl. Matriks")
        EmployerSummary.objects.create(employer=employer, billed=Decimal(9_000_000), paid=0,
                                       outstanding=Decimal(9_000_000), arrears=Decimal(9_000_000), unpaid_bills=20,
                                       months_overdue=20, klass="macet", computed_on=today())
        records.pupn_npps[code] = employer.npp


def _coverage_records(records: Records) -> None:
    """One coverage fact per BPJS branch of RECORD_UNITS, in a regency of its own (no Pemda unit on it)."""
    from sinergi.clock import now
    from sinergi.coverage.models import ConstructionProject, CoverageFact

    for code, regency in (("bpjs-cabang-balikpapan", "64.71"), ("bpjs-cabang-kupang", "53.71")):
        CoverageFact.objects.create(month=dt.date(2024, 1, 1), definition="billed", province_code=regency[:2],
                                    regency_code=regency, branch=unit(code), sector="C", segment="pu",
                                    programme="jkk", participants=7, computed_at=now())
        records.coverage_markers[code] = f'data-regency="{regency}"'
        ConstructionProject.objects.create(
            contract_number=f"KONTRAK-{code}", name="Paket uji", owner_kind="apbn", owner_name=f"Satker {code}",
            value=1_000_000_000, branch=unit(code), imported_at=now())
        records.project_markers[code] = f'data-contract="KONTRAK-{code}"'


def _claim_records(records: Records) -> None:
    """One JKP claim per BPJS branch, for the worker employed by the branch's marked employer (written directly:
    the workflow has its own tests in tests/claims)."""
    from sinergi.claims.models import Claim
    from sinergi.clock import today

    for code, employer in records.employers.items():
        records.claims[code] = Claim.objects.create(
            number=f"KLM.MATRIKS-{code}", branch=unit(code), worker=records.workers[code], employer=employer,
            programme="jkp", event="dismissal", event_date=today(), submitted_on=today(),
            claimant_name=f"Pemohon {code}", bank_name="Bank Uji", bank_account="1234567890")


def _claim_of(code: str) -> Callable[[Records], dict]:
    return lambda r: {"pk": r.claims[code].pk}


def _skk_records(records: Records) -> None:
    """Four SKKs, each visible through one unit only: two to Kejari Kota Kupang and Kejari Ende issued by the
    system unit (so only the Kejari side counts), and one each from the Kupang and Balikpapan branches to
    Kejari Tarakan (where no persona works, so only the branch side counts)."""
    import datetime as dt_
    from decimal import Decimal

    from sinergi.enforcement.models import Skk

    for owner, branch, kejari in (("kejari-kota-kupang", "sinergi", "kejari-kota-kupang"),
                                  ("kejari-ende", "sinergi", "kejari-ende"),
                                  ("bpjs-cabang-kupang", "bpjs-cabang-kupang", "kejari-tarakan"),
                                  ("bpjs-cabang-balikpapan", "bpjs-cabang-balikpapan", "kejari-tarakan")):
        employer = employer_make(branch=unit("bpjs-cabang-kupang"), name=f"PT SKK {owner}")
        records.skks[owner] = Skk.objects.create(
            employer=employer, branch=unit(branch), kejari=unit(kejari), number=f"SKK.MATRIKS-{owner}",
            dated=dt_.date(2024, 3, 1), principal=Decimal(5_000_000), amount=Decimal(5_000_000))


def _skk_of(owner: str) -> Callable[[Records], dict]:
    return lambda r: {"pk": r.skks[owner].pk}


def _handover_of(owner: str) -> Callable[[Records], dict]:
    return lambda r: {"pk": r.handovers[owner].pk}


@dataclass(frozen=True)
class Endpoint:
    name: str
    capability: str | tuple[str, ...]  # several: any of them opens it
    kwargs: Callable[[Records], dict] = lambda r: {}
    query: str = ""
    owner: str | None = None
    markers: Callable[[Records], dict[str, str]] | None = None
    denied_status: tuple[int, ...] = (403,)
    # Screens send anonymous visitors to the login page (302); the API answers 401 with a problem detail.
    anonymous_status: int = 302

    def url(self, records: Records) -> str:
        return reverse(self.name, kwargs=self.kwargs(records)) + self.query


ENDPOINTS: list[Endpoint] = [
    Endpoint("web:home", "home.view"),
    Endpoint("web:profile", "profile.view"),
    Endpoint("orgs:my_unit", "orgs.view"),
    Endpoint("orgs:unit_detail", "orgs.view", kwargs=lambda r: {"unit_id": unit("bpjs-cabang-balikpapan").pk},
             owner="bpjs-cabang-balikpapan"),
    Endpoint("orgs:unit_detail", "orgs.view", kwargs=lambda r: {"unit_id": unit("kejari-ende").pk},
             owner="kejari-ende"),
    Endpoint("orgs:unit_detail", "orgs.view", kwargs=lambda r: {"unit_id": unit("kukar-disbun").pk},
             owner="kukar-disbun"),
    Endpoint("jobs:list", "jobs.view", markers=lambda r: {c: str(j.pk) for c, j in r.jobs.items()}),
    Endpoint("jobs:detail", "jobs.view", kwargs=lambda r: {"job_id": r.jobs["bpjs-cabang-kupang"].pk},
             owner="bpjs-cabang-kupang"),
    Endpoint("jobs:detail", "jobs.view", kwargs=lambda r: {"job_id": r.jobs["kukar-dishub"].pk},
             owner="kukar-dishub"),
    Endpoint("audit:search", "audit.search", markers=lambda r: r.audit_markers),
    Endpoint("audit:object_history", "audit.object_history",
             kwargs=lambda r: {"object_type": "orgs.orgunit", "object_id": unit("kejari-kota-kupang").pk},
             owner="kejari-kota-kupang"),
    Endpoint("audit:object_history", "audit.object_history",
             kwargs=lambda r: {"object_type": "orgs.user", "object_id": person("budi").pk},
             owner="kpknl-balikpapan"),
    Endpoint("regions:search", "regions.search", query="?q=kupang"),
    Endpoint("web:calculator", "rules.calculator"),
    Endpoint("web:nik_check", "nik.check", query="?nik=6402074512900001"),
    Endpoint("registry:employer_list", "registry.view",
             markers=lambda r: {c: e.npp for c, e in r.employers.items()}),
    Endpoint("registry:employer_list", "registry.export", query="?format=xlsx"),
    Endpoint("registry:employer_detail", "registry.view",
             kwargs=lambda r: {"pk": r.employers["bpjs-cabang-balikpapan"].pk}, owner="bpjs-cabang-balikpapan"),
    Endpoint("registry:employer_detail", "registry.view",
             kwargs=lambda r: {"pk": r.employers["bpjs-cabang-kupang"].pk}, owner="bpjs-cabang-kupang"),
    Endpoint("registry:worker_detail", "registry.view",
             kwargs=lambda r: {"pk": r.workers["bpjs-cabang-balikpapan"].pk}, owner="bpjs-cabang-balikpapan"),
    Endpoint("registry:worker_detail", "registry.view",
             kwargs=lambda r: {"pk": r.workers["bpjs-cabang-kupang"].pk}, owner="bpjs-cabang-kupang"),
    Endpoint("registry:statement", "registry.view",
             kwargs=lambda r: {"pk": r.employers["bpjs-cabang-balikpapan"].pk}, owner="bpjs-cabang-balikpapan"),
    Endpoint("registry:statement", "registry.view",
             kwargs=lambda r: {"pk": r.employers["bpjs-cabang-kupang"].pk}, owner="bpjs-cabang-kupang"),
    Endpoint("registry:statement", "registry.export", query="?format=xlsx",
             kwargs=lambda r: {"pk": r.employers["bpjs-cabang-balikpapan"].pk}, owner="bpjs-cabang-balikpapan"),
    Endpoint("registry:statement", "registry.export", query="?format=pdf",
             kwargs=lambda r: {"pk": r.employers["bpjs-cabang-kupang"].pk}, owner="bpjs-cabang-kupang"),
    # The admin answers people without the capability with its own login page, not a 403.
    Endpoint("receivables:aging", "receivables.aging",
             markers=lambda r: {c: unit(c).name for c in ("bpjs-cabang-balikpapan", "bpjs-cabang-kupang")}),
    Endpoint("receivables:aging", "receivables.aging", query="?format=xlsx"),
    Endpoint("receivables:billing_run", "receivables.billing",
             markers=lambda r: {c: f'data-run="{run.pk}"' for c, run in r.billing_runs.items()}),
    Endpoint("receivables:payments", "receivables.payments",
             markers=lambda r: {c: p.reference for c, p in r.payments.items()}),
    Endpoint("receivables:payment_detail", "receivables.payments",
             kwargs=lambda r: {"pk": r.payments["bpjs-cabang-balikpapan"].pk}, owner="bpjs-cabang-balikpapan"),
    Endpoint("receivables:payment_detail", "receivables.payments",
             kwargs=lambda r: {"pk": r.payments["bpjs-cabang-kupang"].pk}, owner="bpjs-cabang-kupang"),
    Endpoint("registry:import", "registry.import"),
    Endpoint("rentan:programme_list", "rentan.view",
             markers=lambda r: {c: f"matriks-{c}" for c in r.programmes}),
    Endpoint("rentan:programme_detail", "rentan.view", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:programme_detail", "rentan.view",
             kwargs=lambda r: {"programme_id": r.programmes["balikpapan-disnaker"].pk}, owner="balikpapan-disnaker"),
    Endpoint("rentan:programme_create", "rentan.manage"),
    Endpoint("rentan:programme_edit", "rentan.manage", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:import_upload", "rentan.import", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:batch_detail", "rentan.view", owner="kukar-distransnaker",
             kwargs=lambda r: {**_kukar(r), "batch_id": r.rentan_candidate.batch_id}),
    Endpoint("rentan:candidates", "rentan.candidates", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:candidates", "rentan.candidates", kwargs=_kukar, owner="kukar-distransnaker",
             query="?format=xlsx"),
    Endpoint("rentan:candidate_detail", "rentan.view", owner="kukar-distransnaker",
             kwargs=lambda r: {"candidate_id": r.rentan_candidate.pk}),
    Endpoint("rentan:queue", "rentan.verify", markers=lambda r: r.rentan_queue),
    Endpoint("rentan:corrections", "rentan.correct", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:corrections", "rentan.correct", kwargs=_kukar, owner="kukar-distransnaker",
             query="?format=xlsx"),
    Endpoint("rentan:duplicates", "rentan.review_duplicates", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:approval", "rentan.approve", kwargs=_kukar, owner="kukar-distransnaker"),
    # Payment batches and the programme dashboard (R3): one batch per matrix programme.
    Endpoint("rentan:payment_batch_list", "rentan.view",
             markers=lambda r: {c: f'data-batch="{b.pk}"' for c, b in r.payment_batches.items()}),
    Endpoint("rentan:payment_batches", "rentan.view", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:payment_batch", "rentan.view", owner="kukar-distransnaker",
             kwargs=lambda r: {"pk": r.payment_batches["kukar-distransnaker"].pk}),
    Endpoint("rentan:payment_batch", "rentan.view", owner="balikpapan-disnaker",
             kwargs=lambda r: {"pk": r.payment_batches["balikpapan-disnaker"].pk}),
    Endpoint("rentan:payment_batch_reconcile_reverse", "rentan.reconcile", owner="kukar-distransnaker",
             kwargs=lambda r: {"pk": r.payment_batches["kukar-distransnaker"].pk}),
    *[Endpoint("rentan:payment_batch_export", "rentan.view", owner="kukar-distransnaker",
               kwargs=lambda r, k=kind, f=fmt: {"pk": r.payment_batches["kukar-distransnaker"].pk, "kind": k,
                                                "fmt": f})
      for kind in ("rekap", "lampiran") for fmt in ("xlsx", "pdf")],
    Endpoint("rentan:dashboard", "rentan.view", kwargs=_kukar, owner="kukar-distransnaker"),
    Endpoint("rentan:dashboard", "rentan.view", owner="balikpapan-disnaker",
             kwargs=lambda r: {"programme_id": r.programmes["balikpapan-disnaker"].pk}),
    Endpoint("enforcement:case_list", "enforcement.cases",
             markers=lambda r: {c: case.number for c, case in r.cases.items()}),
    Endpoint("enforcement:case_list", "enforcement.cases", query="?format=xlsx"),
    Endpoint("enforcement:case_detail", "enforcement.cases", kwargs=_case_of("bpjs-cabang-balikpapan"),
             owner="bpjs-cabang-balikpapan"),
    Endpoint("enforcement:case_detail", "enforcement.cases", kwargs=_case_of("bpjs-cabang-kupang"),
             owner="bpjs-cabang-kupang"),
    Endpoint("enforcement:case_open_arrears", "enforcement.manage", markers=lambda r: r.arrears_npps),
    Endpoint("enforcement:case_open_finding", "enforcement.manage"),
    Endpoint("enforcement:worklist", "enforcement.manage",
             markers=lambda r: {c: case.number for c, case in r.cases.items()}),
    # Letters open to BPJS staff, the Kejari of an SKK and the KPKNL of a handover: a KPKNL officer lacks
    # skk_view but passes the door and then does not find a case letter (404).
    Endpoint("enforcement:letter_download", "enforcement.skk_view", kwargs=_letter_of("bpjs-cabang-balikpapan"),
             owner="bpjs-cabang-balikpapan", denied_status=(403, 404)),
    Endpoint("enforcement:letter_download", "enforcement.skk_view", kwargs=_letter_of("bpjs-cabang-kupang"),
             owner="bpjs-cabang-kupang", denied_status=(403, 404)),
    Endpoint("enforcement:pupn_list", "enforcement.pupn_view",
             markers=lambda r: {c: h.number for c, h in r.handovers.items()}),
    Endpoint("enforcement:pupn_candidates", "enforcement.pupn_handover", markers=lambda r: r.pupn_npps),
    Endpoint("enforcement:pupn_detail", "enforcement.pupn_view", kwargs=_handover_of("kpknl-balikpapan"),
             owner="kpknl-balikpapan"),
    Endpoint("enforcement:pupn_detail", "enforcement.pupn_view", kwargs=_handover_of("bpjs-cabang-kupang"),
             owner="bpjs-cabang-kupang"),
    Endpoint("enforcement:pupn_document", "enforcement.pupn_view", owner="kpknl-balikpapan",
             kwargs=lambda r: {"pk": r.handovers["kpknl-balikpapan"].pk, "name": "resume.xlsx"}),
    Endpoint("enforcement:pupn_document", "enforcement.pupn_view", owner="bpjs-cabang-kupang",
             kwargs=lambda r: {"pk": r.handovers["bpjs-cabang-kupang"].pk, "name": "berita-acara.pdf"}),
    Endpoint("enforcement:monev", "enforcement.reports", query="?provinsi=53&tahun=2024"),
    Endpoint("enforcement:monev", "enforcement.reports", query="?provinsi=53&tahun=2024&format=xlsx"),
    Endpoint("enforcement:monev", "enforcement.reports", query="?provinsi=64&format=pdf"),
    Endpoint("enforcement:pupn_report", "enforcement.reports"),
    Endpoint("enforcement:pupn_report", "enforcement.reports", query="?format=xlsx"),
    Endpoint("enforcement:pupn_report", "enforcement.reports", query="?format=pdf"),
    Endpoint("enforcement:exchange", "enforcement.exchange"),
    Endpoint("enforcement:exchange", "enforcement.exchange", query="?format=xlsx"),
    Endpoint("enforcement:exchange", "enforcement.exchange", query="?format=csv"),
    Endpoint("enforcement:dashboard", "enforcement.dashboard"),
    Endpoint("enforcement:skk_list", "enforcement.skk_view",
             markers=lambda r: {c: s.number for c, s in r.skks.items()}),
    Endpoint("enforcement:skk_list", "enforcement.skk_view", query="?format=xlsx"),
    Endpoint("enforcement:skk_list", "enforcement.skk_view", query="?status=open&year=2024&q=SKK",
             markers=lambda r: {c: s.number for c, s in r.skks.items()}),
    *[Endpoint(name, capability, kwargs=_skk_of(owner), owner=owner)
      for name, capability in (("enforcement:skk_detail", "enforcement.skk_view"),
                               ("enforcement:skk_event_record", "enforcement.skk_work"),
                               ("enforcement:skk_commitment", "enforcement.skk_work"))
      for owner in ("kejari-kota-kupang", "kejari-ende", "bpjs-cabang-kupang")],
    Endpoint("enforcement:skk_create", "enforcement.manage"),
    Endpoint("enforcement:skk_create", "enforcement.manage", owner="bpjs-cabang-kupang",
             kwargs=lambda r: {"case_id": r.cases["bpjs-cabang-kupang"].pk}),
    Endpoint("enforcement:skk_import", "enforcement.import"),
    Endpoint("coverage:coverage", "coverage.view", query="?bulan=2024-01", markers=lambda r: r.coverage_markers),
    Endpoint("coverage:coverage", "coverage.view", query="?bulan=2024-01&format=xlsx"),
    Endpoint("coverage:coverage", "coverage.view", query="?bulan=2024-01&format=pdf"),
    Endpoint("coverage:employers", "registry.view", query="?bulan=2024-01",
             markers=lambda r: {c: e.npp for c, e in r.employers.items()}),
    Endpoint("coverage:prospects", "coverage.view", query="?bulan=2024-01"),
    Endpoint("coverage:workforce", "coverage.view"),
    Endpoint("coverage:projects", "coverage.view", markers=lambda r: r.project_markers),
    Endpoint("claims:claim_list", "claims.view", markers=lambda r: {c: k.number for c, k in r.claims.items()}),
    Endpoint("claims:claim_list", "claims.view", query="?format=xlsx"),
    Endpoint("claims:claim_list", "claims.view", query="?status=open&programme=jkp&sort=-amount",
             markers=lambda r: {c: k.number for c, k in r.claims.items()}),
    Endpoint("claims:claim_create", "claims.manage"),
    *[Endpoint("claims:claim_detail", "claims.view", kwargs=_claim_of(code), owner=code)
      for code in ("bpjs-cabang-balikpapan", "bpjs-cabang-kupang")],
    *[Endpoint(name, capability, kwargs=_claim_of("bpjs-cabang-balikpapan"), owner="bpjs-cabang-balikpapan")
      for name, capability in (("claims:claim_documents", "claims.manage"), ("claims:claim_verify", "claims.manage"),
                               ("claims:claim_approve", "claims.approve"), ("claims:claim_return", "claims.manage"),
                               ("claims:claim_reject", "claims.view"), ("claims:claim_pay", "claims.manage"),
                               ("claims:claim_hold", "claims.manage"))],
    Endpoint("admin:index", "admin.site", denied_status=(302,)),
    # The partner API (sinergi/api): the same selectors, so the same answers as the screens above.
    Endpoint("apitokens:token_list", "api.use"),
    Endpoint("api:employer_list", "registry.view", anonymous_status=401,
             markers=lambda r: {c: e.npp for c, e in r.employers.items()}),
    *[Endpoint(name, "registry.view", anonymous_status=401, kwargs=lambda r, c=code: {"employer_id": r.employers[c].pk},
               owner=code)
      for name in ("api:employer_detail", "api:employer_bills")
      for code in ("bpjs-cabang-balikpapan", "bpjs-cabang-kupang")],
    Endpoint("api:skk_list", "enforcement.skk_view", anonymous_status=401,
             markers=lambda r: {c: s.number for c, s in r.skks.items()}),
    *[Endpoint("api:skk_detail", "enforcement.skk_view", anonymous_status=401,
               kwargs=lambda r, o=owner: {"skk_id": r.skks[o].pk}, owner=owner)
      for owner in ("kejari-kota-kupang", "kejari-ende", "bpjs-cabang-kupang")],
    Endpoint("api:handover_list", "enforcement.pupn_view", anonymous_status=401,
             markers=lambda r: {c: h.number for c, h in r.handovers.items()}),
    *[Endpoint(name, "enforcement.pupn_view", anonymous_status=401, owner=owner, kwargs=kwargs)
      for owner in ("kpknl-balikpapan", "bpjs-cabang-kupang")
      for name, kwargs in (
          ("api:handover_detail", lambda r, o=owner: {"handover_id": r.handovers[o].pk}),
          ("api:case_detail", lambda r, o=owner: {"case_id": r.handovers[o].cases.get().pk}))],
    Endpoint("api:programme_list", "rentan.view", anonymous_status=401,
             markers=lambda r: {c: f"Program Penanda {c}" for c in r.programmes}),
    Endpoint("api:batch_list", "rentan.view", anonymous_status=401,
             markers=lambda r: {c: f"matriks-{c}" for c in r.payment_batches}),
    *[Endpoint(name, "rentan.view", anonymous_status=401, owner=owner, kwargs=kwargs)
      for owner in ("kukar-distransnaker", "balikpapan-disnaker")
      for name, kwargs in (
          ("api:programme_detail", lambda r, o=owner: {"programme_id": r.programmes[o].pk}),
          ("api:batch_detail", lambda r, o=owner: {"batch_id": r.payment_batches[o].pk}))],
    Endpoint("api:candidate_list", ("rentan.candidates", "rentan.verify"), anonymous_status=401, kwargs=_kukar,
             owner="kukar-distransnaker"),
    *[Endpoint("api:job_detail", "jobs.view", anonymous_status=401, owner=owner,
               kwargs=lambda r, o=owner: {"job_id": r.jobs[o].pk})
      for owner in ("bpjs-cabang-kupang", "kukar-dishub")],
]


def unit_is_under(child_code: str, ancestor_code: str) -> bool:
    """Walk parent links (not the materialised path the code uses) to decide visibility independently."""
    node = unit(child_code)
    while node is not None:
        if node.code == ancestor_code:
            return True
        node = node.parent
    return False
