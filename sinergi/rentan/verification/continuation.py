"""From one budget year's programme to the next: verified people carried over, with their history.

A regency's programme is funded by one year's APBD, so it can enrol people only until coverage would start
after its last month (approval in December starts coverage in January: see
:func:`sinergi.rentan.verification.services.ended_message`). What a Pemda does then is list them in next year's programme.
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
Set-wise: one INSERT … SELECT for the rows, one for their history. One transaction, one audit event; running
it again copies nothing twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.orgs.scoping import scoped, user_can
from sinergi.rentan.models import Candidate, ImportBatch, Programme
from sinergi.rentan.verification.services import WorkflowError

COPIED = ("nik", "no_kk", "name", "birth_date", "sex", "address", "village_code", "occupation", "category",
          "desil", "phone", "extra", "opd_id", "verification_reason", "verified_by_id", "verified_at", "corrections")


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
    try:
        chosen_sql, chosen_params = rows.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # an empty selection (``candidates.none()``)
        raise WorkflowError(_("Tidak ada baris terverifikasi yang dapat dipindahkan dari program ini."),
                            code="empty") from None
    # The chosen rows whose NIK is not yet in the target, one per NIK (the first in file order).
    fresh = (f"SELECT c.*, b.number AS batch_number, ROW_NUMBER() OVER (PARTITION BY c.nik ORDER BY b.number, "  # noqa: S608
             f"c.row_number, c.id) AS nth FROM rentan_candidate c JOIN rentan_importbatch b ON b.id = c.batch_id "
             f"WHERE c.id IN ({chosen_sql}) AND NOT EXISTS (SELECT 1 FROM rentan_candidate t "
             f"WHERE t.programme_id = %s AND t.nik = c.nik AND t.status <> %s)")
    fresh_params = [*chosen_params, target.pk, Candidate.Status.INVALID]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), SUM(CASE WHEN nth = 1 THEN 1 ELSE 0 END) FROM ({fresh}) f",  # noqa: S608
                       fresh_params)
        fresh_rows, moving = (int(n or 0) for n in cursor.fetchone())
    already = rows.count() - fresh_rows
    if not moving:
        if already:
            return CarryOverResult(moved=0, already_there=already, batch=None)
        raise WorkflowError(_("Tidak ada baris terverifikasi yang dapat dipindahkan dari program ini."),
                            code="empty")
    number = (ImportBatch.objects.filter(programme=target).aggregate(n=Max("number"))["n"] or 0) + 1
    digest = hashlib.sha256(f"carry-over:{source.pk}:{target.pk}:{number}".encode())
    user = actor if getattr(actor, "is_authenticated", False) else None
    batch = ImportBatch.objects.create(
        programme=target, number=number, file_name=_("Lanjutan dari %(code)s") % {"code": source.code},
        file_sha256=digest.hexdigest(), status=ImportBatch.Status.DONE, created_by=user, finished_at=clock.now(),
        counts={"rows": moving, "valid": moving, "carried_over_from": source.code})
    columns = ", ".join(COPIED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO rentan_candidate (programme_id, batch_id, row_number, status, reasons, verification, "  # noqa: S608
            f"{columns}) SELECT %s, %s, ROW_NUMBER() OVER (ORDER BY f.batch_number, f.row_number, f.id), %s, '', %s, "
            f"{', '.join('f.' + name for name in COPIED)} FROM ({fresh}) f WHERE f.nth = 1",
            [target.pk, batch.pk, Candidate.Status.VALID, Candidate.Verification.VERIFIED, *fresh_params])
        # Every decision on a chosen row of the same person comes along: maker-checker reads them all.
        # (The chosen rows as a CTE joined by key: as ``o.id IN (…)`` SQLite probes the list per row.)
        cursor.execute(
            f"INSERT INTO rentan_verificationdecision (candidate_id, decision, reason, decided_by_id, decided_at) "  # noqa: S608
            f"WITH chosen(id) AS ({chosen_sql}) "
            "SELECT n.id, d.decision, d.reason, d.decided_by_id, d.decided_at FROM rentan_candidate n "
            "JOIN rentan_candidate o ON o.programme_id = %s AND o.nik = n.nik JOIN chosen ch ON ch.id = o.id "
            "JOIN rentan_verificationdecision d ON d.candidate_id = o.id WHERE n.programme_id = %s AND n.batch_id = %s "
            "ORDER BY n.id, d.decided_at, d.id", [*chosen_params, source.pk, target.pk, batch.pk])
    audit_record(actor=actor, action="rentan.candidate.carry_over", obj=target, scope_unit=target.owner_id,
                 after={"from": source.code, "batch": batch.number, "moved": moving, "already_there": already,
                        "include_enrolled": include_enrolled})
    return CarryOverResult(moved=moving, already_there=already, batch=batch)
