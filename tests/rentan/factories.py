"""Candidate rows made directly, as an import would leave them, for the workflow and screen tests.

``candidate_make(programme, name="Siti Aminah", occupation="petani")`` gives a valid row routed to the OPD of
its occupation and waiting for verification; pass ``status`` / ``verification`` / ``opd`` to place it
elsewhere in the flow. NIKs are well formed (region of the village, birth date, sex) and unique per call.
"""

from __future__ import annotations

import itertools
from datetime import date

from sinergi.rentan.models import Candidate, DuplicatePair, ImportBatch, Programme
from sinergi.rentan.programmes.services import route_occupation

_sequence = itertools.count(1)

# Villages of Kutai Kartanegara (64.02): Perian in Muara Muntai, and one in Sebulu.
VILLAGE = "64.02.01.2001"
OTHER_VILLAGE = "64.02.07.2001"


def nik_for(*, village: str, birth_date: date, sex: str, sequence: int) -> str:
    """A NIK whose structure agrees with the person: 6 digits of the kecamatan, ddmmyy (+40 for women)."""
    region = village.replace(".", "")[:6]
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{region}{day:02d}{birth_date:%m%y}{sequence % 10_000:04d}"


def batch_make(programme: Programme, *, actor=None, file_name: str = "dtks.csv") -> ImportBatch:
    number = (programme.batches.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ImportBatch.objects.create(programme=programme, number=number, file_name=file_name,
                                      file_sha256=f"{programme.pk:08d}{number:056d}", status=ImportBatch.Status.DONE,
                                      created_by=actor)


def candidate_make(programme: Programme, *, batch: ImportBatch | None = None, name: str | None = None,
                   occupation: str = "petani", birth_date: date = date(1985, 6, 12), sex: str = "M",
                   village_code: str = VILLAGE, status: str = Candidate.Status.VALID,
                   verification: str | None = None, nik: str | None = None, **fields) -> Candidate:
    sequence = next(_sequence)
    batch = batch or programme.batches.order_by("-number").first() or batch_make(programme)
    route = route_occupation(list(programme.routes.all()), occupation)
    valid = status == Candidate.Status.VALID
    values = dict(
        programme=programme, batch=batch,
        row_number=(batch.candidates.order_by("-row_number").values_list("row_number", flat=True).first() or 1) + 1,
        nik=nik or nik_for(village=village_code, birth_date=birth_date, sex=sex, sequence=sequence),
        name=name or f"Calon {sequence}", birth_date=birth_date, sex=sex, village_code=village_code,
        address=f"RT {sequence % 30 + 1:02d}", occupation=occupation, category=route.category,
        status=status, opd=route.opd if valid else None,
        verification=verification or (Candidate.Verification.PENDING if valid
                                      else Candidate.Verification.NOT_ROUTED),
    )
    values.update(fields)
    return Candidate.objects.create(**values)


def pair_make(candidate: Candidate, other: Candidate, probability: float = 0.93) -> DuplicatePair:
    """A probable duplicate found by the linkage: ``candidate`` (the later row) waits in review."""
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.REVIEW, opd=None,
                                                     verification=Candidate.Verification.NOT_ROUTED)
    candidate.refresh_from_db()
    return DuplicatePair.objects.create(programme=candidate.programme, candidate=candidate, other=other,
                                        probability=probability)
