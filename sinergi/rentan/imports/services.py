"""Import of a DTKS file into a programme: every row becomes a ``Candidate`` with exactly one status.

    batch = rentan_import(programme=kukar, path="/srv/upload/dtks.xlsx", file_name="dtks.xlsx", actor=fitri)

One set-wise pipeline (DESIGN.md, Principles; STYLE item 6), never a loop of ORM calls over file rows:

1. **Read** (``registry.tables.table_read``): CSV (``,``/``;``/tab, UTF-8 with or without BOM, UTF-16,
   Windows-1252) or XLSX, every cell as text.
2. **Headers** matched case-insensitively, punctuation ignored, with the aliases of ``COLUMNS``. Unknown
   columns are kept per row in ``Candidate.extra``; missing required columns refuse the file (batch status
   ``refused``, ``refusal`` names them).
3. **Validate** with polars (``import_checks``): reason codes per row.
4. **Exact matching** as SQL over the set of NIKs (``import_exact``): earlier batches of the programme and
   people already covered (active PU employment or BPU membership).
5. **Probable duplicates** with Splink (``linkage``) among the rows still valid and the programme's earlier
   valid rows.
6. **Write** in ONE transaction: the batch, its candidates (COPY on PostgreSQL, executemany on SQLite) with
   ids reserved beforehand so that links between rows are written with them, the duplicate pairs and one
   audit event with the counts.
7. **Report**: an XLSX of the rows that need attention (``import_report``), stored with the job.

Statuses, first that applies (``import_checks.PRECEDENCE``): ``invalid`` (any reason code) →
``duplicate_in_file`` (a later row with the NIK of an earlier row of the file that is not invalid) →
``duplicate_in_programme`` (the NIK is a candidate of an earlier batch and not invalid there) →
``already_participant`` (an active PU employment or BPU membership: double coverage) → ``review`` (a probable
duplicate of an earlier row without the same NIK) → ``valid``. Valid rows are routed: ``category`` and ``opd``
from the programme's routing table and ``verification = pending``; the others stay ``not_routed``.

The same file twice adds nothing: a file already imported into the programme (same SHA-256) returns its
batch; an overlapping file's rows are ``duplicate_in_programme``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.orgs.scoping import scoped, user_can
from sinergi.registry.import_specs import normalise_header
from sinergi.rentan.imports import checks as C
from sinergi.rentan.imports.db import reserve_ids, write_frame
from sinergi.rentan.imports.exact import _select_in, participant_niks, programme_niks, staged_keys
from sinergi.rentan.models import Candidate, DuplicatePair, ImportBatch, Programme
from sinergi.tables import TableRefused, table_read

log = logging.getLogger("sinergi.rentan")
Status = Candidate.Status
Progress = Callable[[int, int | None, str], None]
STATUS_KEYS = [s.value for s in Status]
REPORT_NAME = "laporan-impor-dtks.xlsx"


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]  # normalised (``normalise_header``); the first is the name shown in messages
    required: bool = True


COLUMNS = (
    Column("nik", ("NIK",)),
    Column("no_kk", ("NO_KK", "NOKK", "NOMOR_KK", "NO_KARTU_KELUARGA", "KK")),
    Column("name", ("NAMA", "NAMA_LENGKAP")),
    Column("birth_date", ("TGL_LAHIR", "TANGGAL_LAHIR")),
    Column("sex", ("JENIS_KELAMIN", "JK")),
    Column("address", ("ALAMAT",)),
    Column("village_code", ("KODE_DESA", "KODE_WILAYAH")),
    Column("occupation", ("PEKERJAAN",)),
    Column("desil", ("DESIL",), required=False),
    Column("phone", ("NO_HP", "NOMOR_HP", "HP"), required=False),
)


class Refused(Exception):
    """The file cannot be imported at all; ``message`` says why in Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def match_headers(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """``field → header as written`` and the unknown headers; ``Refused`` when a required column is missing
    or two columns mean the same field."""
    by_alias = {alias: column for column in COLUMNS for alias in column.headers}
    header_of: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        column = by_alias.get(normalise_header(re.sub(r"_duplicated_\d+$", "", header)))
        if column is None:
            if header.strip() and not header.startswith("__UNNAMED__"):
                unknown.append(header)
            continue
        if column.field in header_of:
            raise Refused(_("Kolom '%(first)s' dan '%(second)s' sama-sama dibaca sebagai %(field)s; hapus atau "
                            "ganti nama salah satunya.")
                          % {"first": header_of[column.field], "second": header, "field": column.headers[0]})
        header_of[column.field] = header
    missing = [c.headers[0] for c in COLUMNS if c.required and c.field not in header_of]
    if missing:
        found = ", ".join(h for h in headers if h.strip() and not h.startswith("__UNNAMED__")) or _("(tidak ada)")
        raise Refused(_("Kolom wajib tidak ditemukan: %(missing)s. Judul kolom di berkas: %(found)s. Baris pertama "
                        "harus berisi judul kolom DTKS (NIK, NO_KK, NAMA, TGL_LAHIR, JENIS_KELAMIN, ALAMAT, "
                        "KODE_DESA, PEKERJAAN).") % {"missing": ", ".join(missing), "found": found})
    return header_of, unknown


def stage(frame: pl.DataFrame, *, first_row: int) -> tuple[pl.DataFrame, dict[str, str], list[str]]:
    """The file's rows as ``_row``, ``raw:<field>`` text columns and ``extra`` (JSON of unknown columns)."""
    if frame.width == 0:
        raise Refused(_("Berkas tidak berisi baris judul kolom; baris pertama harus judul kolom."))
    headers: list[str] = []
    for header in frame.columns:
        text = str(header).strip()
        while text in headers:
            text += " "
        headers.append(text)
    frame = frame.rename(dict(zip(frame.columns, headers, strict=True)))
    header_of, unknown = match_headers(headers)
    frame = frame.select(pl.col(h).cast(pl.String).str.strip_chars().replace("", None) for h in headers)
    frame = frame.with_row_index("_row", offset=first_row).with_columns(pl.col("_row").cast(pl.Int64))
    frame = frame.filter(pl.any_horizontal(pl.col(h).is_not_null() for h in headers))
    if frame.height == 0:
        raise Refused(_("Tabel tidak berisi baris data: hanya ada baris judul."))
    extra = (pl.struct([pl.col(h).alias(h.strip()) for h in unknown]).struct.json_encode() if unknown
             else pl.lit("{}"))
    staged = frame.select(pl.col("_row"), *[pl.col(h).alias(f"raw:{f}") for f, h in header_of.items()],
                          extra.alias("extra"))
    return staged, header_of, unknown


# --- the entry point -----------------------------------------------------------------------------------------

def rentan_import(*, programme: Programme, path: str | Path, file_name: str, actor, job_context=None,
                  linkage: bool = True) -> ImportBatch:
    """Import one DTKS file into ``programme`` (see the module's policy). Never raises for a bad file: a file
    that cannot be imported ends as a batch with status ``refused`` and a reason. An actor without
    ``rentan.import`` or who cannot see the programme gets ``PermissionDenied`` and no batch. ``actor=None``
    is the system (the CLI, an operator on the server). ``linkage=False`` skips Splink (benchmarks of the
    exact pipeline only)."""
    # Who may import where is not a property of the file: no batch is written for someone who may not.
    if actor is not None and not user_can(actor, "rentan.import"):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor data DTKS."))
    if actor is not None and not scoped(Programme.objects.filter(pk=programme.pk), actor).exists():
        raise PermissionDenied(_("Program ini berada di luar cakupan unit Anda."))
    started = time.perf_counter()
    path = Path(path)
    say: Progress = job_context.progress if job_context is not None else (lambda done, total, message: None)
    try:
        sha = file_digest(path)
    except OSError:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
    earlier = (ImportBatch.objects.filter(programme=programme, file_sha256=sha)
               .exclude(status=ImportBatch.Status.RUNNING).order_by("created_at").first())
    if earlier is not None:
        return earlier
    run = _Run(programme=programme, path=path, file_name=file_name, actor=actor, sha=sha, say=say)
    run.job = getattr(job_context, "job", None)
    try:
        batch = run.execute(linkage=linkage)
    except (Refused, TableRefused) as refusal:
        batch = run.refuse(refusal.message)
    if run.reused:
        return batch
    run.store_report(batch, job_context)
    run.lap("report")
    if "stages" in batch.counts:
        batch.counts["stages"] = run.stages
    batch.counts["seconds"] = round(time.perf_counter() - started, 3)
    ImportBatch.objects.filter(pk=batch.pk).update(counts=batch.counts, report_path=batch.report_path)
    say(batch.counts.get("rows", 0), batch.counts.get("rows", 0), _("Selesai"))
    return batch


class _Run:
    def __init__(self, *, programme, path, file_name, actor, sha, say):
        self.programme, self.path, self.file_name, self.actor, self.sha, self.say = (
            programme, path, (file_name or path.name)[:255], actor, sha, say)
        self.frame: pl.DataFrame | None = None
        self.pairs = pl.DataFrame(schema={"row": pl.Int64, "other_row": pl.Int64, "other_id": pl.Int64,
                                          "probability": pl.Float64})
        self.header_of: dict[str, str] = {}
        self.unknown: list[str] = []
        self.stages: dict[str, float] = {}
        self._clock = time.perf_counter()
        self.reused = False

    def lap(self, stage: str) -> None:
        """Record the seconds since the previous lap under ``stage`` (``counts["stages"]``: where time goes)."""
        now = time.perf_counter()
        self.stages[stage] = round(now - self._clock, 3)
        self._clock = now

    def execute(self, *, linkage: bool) -> ImportBatch:
        self.say(0, None, _("Membaca berkas"))
        table = table_read(self.path)
        staged, self.header_of, self.unknown = stage(table.frame, first_row=table.header_row + 1)
        self.lap("read")
        self.say(0, staged.height, _("Memeriksa baris"))
        ctx = C.programme_context(self.programme)
        seen = self._last_number()
        checked = C.row_checks(C.parse_text(staged), ctx)
        self.lap("validate")
        frame = self._match(checked, ctx, linkage=linkage)
        self.say(0, frame.height, _("Menulis data"))
        with transaction.atomic():
            # One import per programme at a time from here on (SQLite: the IMMEDIATE transaction already is).
            list(Programme.objects.select_for_update().filter(pk=self.programme.pk).values_list("pk", flat=True))
            same = ImportBatch.objects.filter(programme=self.programme, file_sha256=self.sha).first()
            if same is not None:  # the same file finished meanwhile in another job
                self.reused = True
                return same
            if self._last_number() != seen:  # another file finished meanwhile: match against it too
                frame = self._match(checked, ctx, linkage=linkage)
            self.frame = frame.with_columns(
                pl.when(pl.col("status") == Status.VALID).then(pl.col("opd_id")).alias("opd_id"),
                pl.when(pl.col("status") == Status.VALID).then(pl.lit(Candidate.Verification.PENDING))
                .otherwise(pl.lit(Candidate.Verification.NOT_ROUTED)).alias("verification"),
            )
            batch = self._new_batch(ImportBatch.Status.DONE)
            self._write(batch)
            counts = {"rows": self.frame.height,
                      **{k: 0 for k in STATUS_KEYS},
                      **dict(self.frame.group_by("status").len().iter_rows()),
                      "pairs": self.pairs.height, "unknown_columns": self.unknown}
            batch.counts = counts
            self.lap("write")
            batch.counts["stages"] = self.stages
            batch.finished_at = clock.now()
            batch.save(update_fields=["counts", "finished_at"])
            audit_record(actor=self.actor, action="rentan.batch.import", obj=batch,
                         after={"file": self.file_name, "sha256": self.sha, **counts},
                         scope_unit=self.programme.data_unit_id,
                         reason=f"Impor DTKS dari berkas {self.file_name}")
        self.lap("commit")
        return batch

    # -- exact and probable matching -----------------------------------------------------------------------

    def _last_number(self) -> int:
        return ImportBatch.objects.filter(programme=self.programme).aggregate(n=Max("number"))["n"] or 0

    def _match(self, frame: pl.DataFrame, ctx: C.ProgrammeContext, *, linkage: bool) -> pl.DataFrame:
        self.say(0, frame.height, _("Mencocokkan NIK"))
        frame = self._exact(frame, ctx)
        self.lap("exact_matching")
        if not linkage:
            return frame.with_columns(pl.col("status").fill_null(Status.VALID))
        self.say(0, frame.height, _("Mencari kemungkinan data ganda"))
        frame = self._probable(frame)
        self.lap("probable_duplicates")
        return frame

    def _exact(self, frame: pl.DataFrame, ctx: C.ProgrammeContext) -> pl.DataFrame:
        frame = frame.with_columns(pl.when(pl.col("reasons") != "").then(pl.lit(Status.INVALID))
                                   .otherwise(None).alias("status"),
                                   pl.lit(None, dtype=pl.Int64).alias("duplicate_of_id"))
        open_ = pl.col("status").is_null()
        first = (frame.filter(open_).group_by("nik").agg(pl.col("_row").min().alias("_first")))
        frame = frame.join(first, on="nik", how="left", maintain_order="left")
        later = open_ & (pl.col("_row") != pl.col("_first"))
        # duplicate_of_row: the file row a row repeats; its id exists only once the batch is written.
        frame = frame.with_columns(pl.when(later).then(pl.lit(Status.DUPLICATE_IN_FILE)).otherwise(pl.col("status"))
                                   .alias("status"),
                                   pl.when(later).then(pl.col("_first")).alias("duplicate_of_row")).drop("_first")
        # One key set for both joins; the registry check asks about a few NIKs too many (those just marked
        # duplicate_in_programme) and the status expression below ignores them.
        with staged_keys(frame.filter(open_).get_column("nik")) as niks:
            earlier = programme_niks(programme_id=ctx.programme_id, niks=niks)
            covered = participant_niks(niks=niks, on=clock.today(), programme_code=self.programme.code)
        earlier = earlier.group_by("nik").agg(pl.col("id").min().alias("_earlier"))
        frame = frame.join(earlier, on="nik", how="left", maintain_order="left").with_columns(
            pl.when(open_ & pl.col("_earlier").is_not_null()).then(pl.lit(Status.DUPLICATE_IN_PROGRAMME))
            .otherwise(pl.col("status")).alias("status"),
            pl.when(open_).then(pl.col("_earlier")).otherwise(pl.col("duplicate_of_id")).alias("duplicate_of_id"),
        ).drop("_earlier")
        return frame.with_columns(
            pl.when(open_ & pl.col("nik").is_in(pl.Series(sorted(covered), dtype=pl.String).implode()))
            .then(pl.lit(Status.ALREADY_PARTICIPANT)).otherwise(pl.col("status")).alias("status"))

    def _probable(self, frame: pl.DataFrame) -> pl.DataFrame:
        from sinergi.rentan.imports.linkage import NEW_ROW_BASE, probable_duplicates

        open_rows = frame.filter(pl.col("status").is_null()).select(
            (pl.col("_row") + NEW_ROW_BASE).alias("unique_id"), "nik", "name", "birth_date", "village_code", "sex",
            "no_kk")
        keys = open_rows.get_column("village_code")
        earlier = self._earlier_records(keys)
        pairs = probable_duplicates(pl.concat([earlier, open_rows], how="vertical_relaxed"))
        pairs = pairs.filter(pl.col("id_r") >= NEW_ROW_BASE)
        self.pairs = pairs.select(
            (pl.col("id_r") - NEW_ROW_BASE).alias("row"),
            pl.when(pl.col("id_l") >= NEW_ROW_BASE).then(pl.col("id_l") - NEW_ROW_BASE).alias("other_row"),
            pl.when(pl.col("id_l") < NEW_ROW_BASE).then(pl.col("id_l")).alias("other_id"),
            pl.col("probability"))
        later = self.pairs.get_column("row").unique()
        best = self.pairs.sort("probability", descending=True).group_by("row").agg(
            pl.col("other_id").first().alias("_other"), pl.col("other_row").first().alias("_other_row"))
        frame = frame.join(best, left_on="_row", right_on="row", how="left", maintain_order="left")
        open_ = pl.col("status").is_null()
        return frame.with_columns(
            pl.when(open_ & pl.col("_row").is_in(later.implode()))
            .then(pl.lit(Status.REVIEW)).otherwise(pl.col("status")).alias("status"),
            pl.when(open_).then(pl.col("_other")).otherwise(pl.col("duplicate_of_id")).alias("duplicate_of_id"),
            pl.when(open_).then(pl.col("_other_row")).otherwise(pl.col("duplicate_of_row")).alias("duplicate_of_row"),
        ).drop("_other", "_other_row").with_columns(pl.col("status").fill_null(Status.VALID))

    def _earlier_records(self, villages: pl.Series) -> pl.DataFrame:
        schema = {"unique_id": pl.Int64, "nik": pl.String, "name": pl.String, "birth_date": pl.Date,
                  "village_code": pl.String, "sex": pl.String, "no_kk": pl.String}
        table = Candidate._meta.db_table
        sql = (f"SELECT id, nik, name, birth_date, village_code, sex, no_kk FROM {table} "  # noqa: S608
               "WHERE programme_id = %s AND status IN (%s, %s) AND village_code {values}")
        return _select_in(sql, [self.programme.pk, Status.VALID, Status.REVIEW], villages, schema)

    # -- writing ---------------------------------------------------------------------------------------------

    def _new_batch(self, status: str, refusal: str = "") -> ImportBatch:
        number = (ImportBatch.objects.filter(programme=self.programme)
                  .aggregate(n=Max("number"))["n"] or 0) + 1
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        return ImportBatch.objects.create(
            programme=self.programme, number=number, file_name=self.file_name, file_sha256=self.sha, status=status,
            refusal=refusal, created_by=user, finished_at=clock.now() if refusal else None,
            job=self.job)

    def _write(self, batch: ImportBatch) -> None:
        frame = self.frame
        table = Candidate._meta.db_table
        # Every row's id is known before the write (``reserve_ids``, in file order), so a row that repeats an
        # earlier row of the file is written already pointing at it, and the pairs follow in one more COPY.
        ids = frame.select("_row", reserve_ids(table, frame.height).alias("id"))
        target = ids.rename({"_row": "duplicate_of_row", "id": "_target"})
        frame = frame.join(target, on="duplicate_of_row", how="left", maintain_order="left")
        rows = frame.select(
            ids.get_column("id"),
            pl.lit(self.programme.pk).alias("programme_id"), pl.lit(batch.pk).alias("batch_id"),
            pl.col("_row").alias("row_number"),
            pl.col("nik").fill_null("").str.slice(0, 32),
            pl.col("no_kk").fill_null(pl.col("no_kk_raw")).fill_null("").str.slice(0, 32).alias("no_kk"),
            pl.col("name").fill_null(""), pl.col("birth_date"), pl.col("sex").fill_null(""),
            pl.col("address").fill_null(""),
            pl.col("village_code").fill_null(pl.col("raw:village_code")).fill_null("").str.slice(0, 13)
            .alias("village_code"),
            pl.col("occupation").fill_null(""), pl.col("category").fill_null(""),
            pl.when(pl.col("desil").is_between(1, 10)).then(pl.col("desil")).alias("desil"),
            pl.col("phone").fill_null(""), pl.col("extra"), pl.col("status"),
            pl.col("reasons").str.slice(0, 255).alias("reasons"),
            pl.coalesce("_target", "duplicate_of_id").alias("duplicate_of_id"), pl.col("opd_id"),
            pl.col("verification"), pl.lit("").alias("verification_reason"), pl.lit(0).alias("corrections"),
        )
        write_frame(table, rows.columns, rows)
        if self.pairs.height:
            pairs = (self.pairs.join(ids.rename({"_row": "row", "id": "candidate_id"}), on="row", how="inner")
                     .join(ids.rename({"_row": "other_row", "id": "_other"}), on="other_row", how="left")
                     .select(pl.lit(self.programme.pk).alias("programme_id"), "candidate_id",
                             pl.coalesce("other_id", "_other").alias("other_id"), "probability",
                             pl.lit(DuplicatePair.Decision.PENDING).alias("decision")))
            write_frame(DuplicatePair._meta.db_table, pairs.columns, pairs)

    def refuse(self, message: str) -> ImportBatch:
        with transaction.atomic():
            batch = self._new_batch(ImportBatch.Status.REFUSED, refusal=message)
            batch.counts = {"rows": 0, **{k: 0 for k in STATUS_KEYS}, "pairs": 0}
            batch.save(update_fields=["counts"])
            audit_record(actor=self.actor, action="rentan.batch.refuse", obj=batch,
                         after={"file": self.file_name, "sha256": self.sha, "refusal": message},
                         scope_unit=self.programme.data_unit_id, reason=f"Impor DTKS dari berkas {self.file_name}")
        return batch

    # -- report ----------------------------------------------------------------------------------------------

    def store_report(self, batch: ImportBatch, job_context) -> None:
        from sinergi.rentan.imports.report import report_build

        full_nik = self.actor is None or _sees_full_nik(self.actor)
        content = report_build(batch=batch, frame=self.frame, unknown=self.unknown,
                               actor=self.actor, full_nik=full_nik)
        label = f"Laporan impor DTKS {self.programme.code} batch {batch.number} (XLSX)"
        if job_context is not None:
            target = job_context.add_file(REPORT_NAME, content, label=label)
        else:
            folder = Path(settings.JOB_FILES_DIR) / "rentan" / f"batch-{batch.pk}"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / REPORT_NAME
            target.write_bytes(content)
        batch.report_path = str(target)


def _sees_full_nik(user) -> bool:
    from sinergi.registry.services import user_sees_full_nik

    return user_sees_full_nik(user)


# --- re-validation of corrected rows ---------------------------------------------------------------------------

def revalidate_candidates(candidates_qs, *, actor) -> dict:
    """Re-run the import's row checks and exact matching on ``candidates_qs`` (rows edited by a correction):
    same rules, same reason codes. Updates status, reasons, category, OPD and duplicate_of; rows that are now
    valid go back to their OPD as ``pending``, the others are ``not_routed``. Probable duplicates (Splink)
    are not searched again (a correction does not create a new person), but a row with a pending duplicate pair
    stays in ``review`` until a reviewer decides. Returns the counts per status."""
    fields = ["id", "programme_id", "row_number", "nik", "no_kk", "name", "birth_date", "sex", "address",
              "village_code", "occupation", "desil", "phone"]
    records = list(candidates_qs.order_by("id").values(*fields))
    counts = {"rows": len(records), **{k: 0 for k in STATUS_KEYS}}
    by_programme: dict[int, list[dict]] = {}
    for record in records:
        by_programme.setdefault(record["programme_id"], []).append(record)
    with transaction.atomic():
        for programme_id, rows in by_programme.items():
            programme = Programme.objects.get(pk=programme_id)
            result = _revalidate(programme, rows)
            updates = []
            for row in result.iter_rows(named=True):
                valid = row["status"] == Status.VALID
                updates.append(Candidate(
                    pk=row["id"], status=row["status"], reasons=row["reasons"][:255],
                    category=row["category"] or "", opd_id=row["opd_id"] if valid else None,
                    verification=Candidate.Verification.PENDING if valid else Candidate.Verification.NOT_ROUTED,
                    duplicate_of_id=row["duplicate_of_id"]))
                counts[row["status"]] += 1
            Candidate.objects.bulk_update(updates, ["status", "reasons", "category", "opd", "verification",
                                                    "duplicate_of"], batch_size=500)
            audit_record(actor=actor, action="rentan.candidate.revalidate", obj=programme,
                         after={k: v for k, v in counts.items()}, scope_unit=programme.data_unit_id,
                         reason="Validasi ulang setelah perbaikan data")
    return counts


def _revalidate(programme: Programme, rows: list[dict]) -> pl.DataFrame:
    def text(value) -> str | None:
        value = "" if value is None else str(value).strip()
        return value or None

    frame = pl.DataFrame({
        "_row": [r["id"] for r in rows],
        "id": [r["id"] for r in rows],
        **{f"raw:{f}": [text(r[f]) for r in rows]
           for f in ("nik", "no_kk", "name", "sex", "address", "village_code", "occupation", "desil", "phone")},
        "raw:birth_date": [r["birth_date"].isoformat() if r["birth_date"] else None for r in rows],
    }, schema_overrides={"_row": pl.Int64, "id": pl.Int64,
                         **{f"raw:{f}": pl.String for f in ("nik", "no_kk", "name", "sex", "address", "village_code",
                                                            "occupation", "desil", "phone", "birth_date")}})
    ctx = C.programme_context(programme)
    frame = C.row_checks(C.parse_text(frame), ctx)
    frame = frame.with_columns(pl.when(pl.col("reasons") != "").then(pl.lit(Status.INVALID))
                               .alias("status"), pl.lit(None, dtype=pl.Int64).alias("duplicate_of_id"))
    open_ = pl.col("status").is_null()
    ids = frame.get_column("id")
    others = programme_niks(programme_id=programme.pk, niks=frame.filter(open_).get_column("nik"))
    others = others.filter(~pl.col("id").is_in(ids.implode()))
    # Within the corrected set, the lower id keeps the NIK and the later ones are duplicates of it.
    inside = frame.filter(open_).select("nik", "id")
    first = pl.concat([others, inside]).group_by("nik").agg(pl.col("id").min().alias("_first"))
    frame = frame.join(first, on="nik", how="left", maintain_order="left").with_columns(
        pl.when(open_ & (pl.col("_first") != pl.col("id"))).then(pl.lit(Status.DUPLICATE_IN_PROGRAMME))
        .otherwise(pl.col("status")).alias("status"),
        pl.when(open_ & (pl.col("_first") != pl.col("id"))).then(pl.col("_first")).alias("duplicate_of_id"),
    )
    niks = frame.filter(pl.col("status").is_null()).get_column("nik")
    covered = participant_niks(niks=niks, on=clock.today(), programme_code=programme.code)
    # A row still waiting for a reviewer's same/different decision stays in review after a correction.
    undecided = list(DuplicatePair.objects.filter(candidate_id__in=ids.to_list(),
                                                  decision=DuplicatePair.Decision.PENDING)
                     .values_list("candidate_id", flat=True).distinct())
    return frame.with_columns(
        pl.when(pl.col("status").is_null() & pl.col("nik").is_in(pl.Series(sorted(covered), dtype=pl.String)
                                                                  .implode()))
        .then(pl.lit(Status.ALREADY_PARTICIPANT))
        .when(pl.col("status").is_null() & pl.col("id").is_in(pl.Series(undecided, dtype=pl.Int64).implode()))
        .then(pl.lit(Status.REVIEW))
        .otherwise(pl.col("status")).fill_null(Status.VALID).alias("status"))


def counts_json(batch: ImportBatch) -> str:
    return json.dumps(batch.counts, ensure_ascii=False)
