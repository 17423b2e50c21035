"""From one budget year's programme to the next: verified people carried over, with their history.

A regency's programme is funded by one year's APBD, so it can enrol people only until coverage would start
after its last month (approval in December starts coverage in January: see
:func:`sinergi.rentan.workflow.ended_message`). What a Pemda does then is list them in next year's programme.
:func:`candidates_carry_over` copies the verified rows of a programme into the same Pemda's following one, as
one batch "Lanjutan dari <kode>" of the following programme:

- the rows keep their data, their OPD and their verification (who verified, when, why), and the whole
  decision history, so maker-checker still holds: whoever verified a row in the old programme cannot approve
  its copy in the new one;
- ``include_enrolled`` also carries the people already enrolled (the continuation of this year's
  participants); approving them in the new programme ends their old funding the day before the new coverage
  starts, so nobody is paid for twice;
- a NIK already listed in the following programme is not copied again (counted as ``already_there``).

Approval, quota, budget and payment batches then run in the following programme as for any imported row.
One transaction, one audit event; running it again copies nothing twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.orgs.scoping import scoped, user_can
from sinergi.rentan.models import Candidate, ImportBatch, Programme, VerificationDecision
from sinergi.rentan.workflow import WorkflowError

COPIED = ("nik", "no_kk", "name", "birth_date", "sex", "address", "village_code", "occupation", "category",
          "desil", "phone", "extra", "opd_id", "verification_reason", "verified_by_id", "verified_at", "corrections")
CHUNK = 2_000


@dataclass(frozen=True)
class CarryOverResult:
    moved: int
    already_there: int
    batch: ImportBatch | None


def carry_over_rows(source: Programme, *, include_enrolled: bool = False) -> QuerySet:
    """The rows of ``source`` that can be carried over: valid and verified, not yet enrolled (unless
    ``include_enrolled``)."""
    rows = Candidate.objects.filter(programme=source, status=Candidate.Status.VALID,
                                    verification=Candidate.Verification.VERIFIED)
    return rows if include_enrolled else rows.filter(participant__isnull=True)


@transaction.atomic
def candidates_carry_over(*, source: Programme, target: Programme, actor, candidates: QuerySet | None = None,
                          include_enrolled: bool = False) -> CarryOverResult:
    """Copy the verified rows among ``candidates`` (default: all of ``source``) into ``target``; see the module
    docstring. Refused when ``target`` is not a later, open programme of the same Pemda."""
    if not user_can(actor, "rentan.approve"):
        raise PermissionDenied(_("Anda tidak berwenang memindahkan calon peserta antarprogram."))
    visible = scoped(Programme, actor)
    if not visible.filter(pk=source.pk).exists() or not visible.filter(pk=target.pk).exists():
        raise PermissionDenied(_("Program ini di luar wilayah kerja Anda."))
    target = Programme.objects.select_for_update().get(pk=target.pk)  # one batch number at a time
    if target.pemda_id != source.pemda_id:
        raise WorkflowError(_("Baris hanya dapat dipindahkan ke program Pemda yang sama."), code="pemda")
    if target.period_start <= source.period_end:
        raise WorkflowError(_("Program tujuan harus dimulai sesudah program ini berakhir (%(end)s).")
                            % {"end": source.period_end.strftime("%m/%Y")}, code="order")
    if target.status == Programme.Status.CLOSED:
        raise WorkflowError(_("Program tujuan sudah selesai."), code="closed")
    rows = carry_over_rows(source, include_enrolled=include_enrolled)
    if candidates is not None:
        rows = rows.filter(pk__in=scoped(candidates, actor).values("pk"))
    present = set(Candidate.objects.filter(programme=target).exclude(status=Candidate.Status.INVALID)
                  .values_list("nik", flat=True))
    chosen, already = [], 0
    for row in rows.order_by("batch__number", "row_number").values("pk", *COPIED):
        if row["nik"] in present:
            already += 1
            continue
        present.add(row["nik"])
        chosen.append(row)
    if not chosen:
        if already:
            return CarryOverResult(moved=0, already_there=already, batch=None)
        raise WorkflowError(_("Tidak ada baris terverifikasi yang dapat dipindahkan dari program ini."),
                            code="empty")
    number = (ImportBatch.objects.filter(programme=target).aggregate(n=Max("number"))["n"] or 0) + 1
    digest = hashlib.sha256(f"carry-over:{source.pk}:{','.join(str(r['pk']) for r in chosen)}".encode())
    user = actor if getattr(actor, "is_authenticated", False) else None
    batch = ImportBatch.objects.create(
        programme=target, number=number, file_name=_("Lanjutan dari %(code)s") % {"code": source.code},
        file_sha256=digest.hexdigest(), status=ImportBatch.Status.DONE, created_by=user, finished_at=clock.now(),
        counts={"rows": len(chosen), "valid": len(chosen), "carried_over_from": source.code})
    copies = [Candidate(programme=target, batch=batch, row_number=index, status=Candidate.Status.VALID,
                        verification=Candidate.Verification.VERIFIED,
                        **{name: row[name] for name in COPIED})
              for index, row in enumerate(chosen, start=1)]
    Candidate.objects.bulk_create(copies, batch_size=CHUNK)
    if any(c.pk is None for c in copies):  # a backend that does not return the new keys
        ids = dict(Candidate.objects.filter(batch=batch).values_list("row_number", "pk"))
        for copy in copies:
            copy.pk = ids[copy.row_number]
    new_id = {row["pk"]: copy.pk for row, copy in zip(chosen, copies, strict=True)}
    old_ids = list(new_id)
    history = []
    for start_at in range(0, len(old_ids), CHUNK):
        history += [
            VerificationDecision(candidate_id=new_id[d["candidate_id"]], decision=d["decision"], reason=d["reason"],
                                 decided_by_id=d["decided_by_id"], decided_at=d["decided_at"])
            for d in VerificationDecision.objects.filter(candidate_id__in=old_ids[start_at:start_at + CHUNK])
            .values("candidate_id", "decision", "reason", "decided_by_id", "decided_at")]
    VerificationDecision.objects.bulk_create(history, batch_size=CHUNK)
    audit_record(actor=actor, action="rentan.candidate.carry_over", obj=target, scope_unit=target.owner_id,
                 after={"from": source.code, "batch": batch.number, "moved": len(chosen), "already_there": already,
                        "include_enrolled": include_enrolled})
    return CarryOverResult(moved=len(chosen), already_there=already, batch=batch)
