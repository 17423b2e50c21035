"""Import of employers, workers, employment periods and wage reports from CSV or XLSX files.

    result = registry_import(path="/srv/upload/tk.xlsx", kind="workers", actor=user)

One set-wise pipeline (DESIGN.md, Principles), never a loop of ORM calls over file rows:

1. **Read** (``tables.table_read``): every cell as text; ``;`` or ``,`` and UTF-8 or Windows-1252 detected,
   a BOM stripped; XLSX through calamine. The size limit (``tables.MAX_BYTES``, 200 MB) is checked before
   a byte is read.
2. **Headers**: matched case-insensitively and ignoring punctuation (``Tgl. Lahir`` = ``TGL_LAHIR``), with
   the Indonesian aliases of ``COLUMNS``. Missing required columns stop the import with one message that
   names them all; unknown columns are ignored and listed in the report.
3. **Validate** as a set with polars (``import_parse.Stage``): each problem becomes a row error with a
   reason code, an Indonesian message, the row as the user sees it (header = row 1) and the column as
   written in the file. NPP, NIK, branches, regions and existing records are joined against the database
   set-wise (one query per kind of key on PostgreSQL, chunks of 900 on SQLite).
4. **Write**: new rows inserted (COPY on PostgreSQL, batched executemany on SQLite), changed rows updated,
   identical rows left alone, all in ONE transaction together with one audit event for the import and one
   per updated record (with the fields before and after).
5. **Report**: an XLSX per-row report (``import_report``) for every import, also for a refused file.

Policy
------
- **All or nothing by default.** A file with any invalid row writes nothing; the report lists every
  problem. With ``accept_valid=True`` the valid rows are written and the invalid ones are reported and
  skipped.
- **Idempotent.** Importing the same file again inserts and updates nothing.
- **An empty cell means "no information"**: a new record gets the model's default, an existing one keeps
  its value. An import never clears a field; that is done on the record's screen.
- **Duplicates in the file**: a row identical to an earlier one is invalid ("baris_ganda") and only the first
  counts; rows with the same key (NPP; NIK; NPP+NIK+TGL_MULAI; NPP+NIK+BERLAKU_MULAI) but different content
  are all invalid ("kunci_ganda"): the file contradicts itself and Sinergi does not pick a winner.
- **Wages are effective-dated.** A wage with a new BERLAKU_MULAI adds a WageReport row; it never overwrites
  the earlier one. A different wage for an existing BERLAKU_MULAI corrects that report (the billing run turns
  the correction of a billed month into an adjustment line). A wage row belongs to the worker's employment at
  that employer that covers BERLAKU_MULAI (the latest one if several do).
- **Scope.** An actor who is not a system administrator imports only employers of their own unit and the
  units under it: rows naming another branch, or an NPP registered at another branch, are invalid with that
  reason; employment and wages likewise follow the employer's branch. Such an actor may add workers, but may
  change an existing worker only when they can see the worker (``orgs.scoping``) or the worker has no
  employment or BPU membership yet. ``actor=None`` is the system (an operator on the server, the CLI) and is
  not restricted.
- **Refusals** end with one Indonesian message and a report, never a traceback: no permission, a missing,
  0-byte or oversized file, content that is not a table, a damaged spreadsheet, no header, no data rows,
  missing required columns, two columns meaning the same field. A write that the database refuses (another
  import changed the same records at the same moment) is rolled back whole and reported the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from sinergi import clock
from sinergi.audit.models import AuditEvent
from sinergi.audit.services import audit_record
from sinergi.orgs.scoping import is_unrestricted, scoped, user_can, visible_unit_ids
from sinergi.registry import import_parse as P
from sinergi.registry.import_checks import Checks
from sinergi.registry.import_db import fetch_where_in, insert_rows, update_rows
from sinergi.registry.import_report import report_build
from sinergi.registry.import_specs import COLUMNS, KIND_LABELS, KINDS, TARGETS, Target
from sinergi.registry.models import Worker
from sinergi.tables import TableRefused, table_read

__all__ = ["KINDS", "KIND_LABELS", "ImportResult", "RowError", "registry_import"]

log = logging.getLogger("sinergi.registry")
Progress = Callable[[int, int | None, str], None]


@dataclass(frozen=True)
class RowError:
    row: int | None  # the row as the user sees it in the file (header = 1); None for the whole file
    column: str
    code: str
    message: str


@dataclass
class ImportResult:
    kind: str
    status: str  # "applied" (written, possibly nothing new), "rejected" (invalid rows), "refused" (no table)
    message: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0
    report: bytes = b""

    @property
    def written(self) -> bool:
        return self.status == "applied"

    def counts(self) -> dict:
        return {"status": self.status, "rows": self.rows, "inserted": self.inserted, "updated": self.updated,
                "unchanged": self.unchanged, "invalid": self.invalid, "seconds": round(self.seconds, 3),
                "message": self.message}


class _Refused(Exception):
    def __init__(self, code: str, message: str, column: str = ""):
        super().__init__(message)
        self.code, self.message, self.column = code, message, column


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value


# --- the entry point -----------------------------------------------------------------------------------

def registry_import(*, path: str | Path, kind: str, actor, accept_valid: bool = False,
                    progress: Progress | None = None) -> ImportResult:
    """Import one file of ``kind`` (employers, workers, employment, wages); see the module's policy."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    started = time.perf_counter()
    path = Path(path)
    say = progress or (lambda done, total, message: None)
    run = _Run(kind=kind, path=path, actor=actor, accept_valid=accept_valid, say=say)
    try:
        result = run.execute()
    except (_Refused, TableRefused) as refusal:
        result = ImportResult(kind=kind, status="refused", message=refusal.message,
                              errors=[RowError(None, getattr(refusal, "column", ""), refusal.code, refusal.message)])
        run.errors = pl.DataFrame([{"row": None, "column": getattr(refusal, "column", ""), "code": refusal.code,
                                    "message": refusal.message}], schema=P.ERROR_SCHEMA)
    result.report = run.report(result)
    result.seconds = time.perf_counter() - started
    say(result.rows, result.rows, result.message[:255])
    return result


class _Run:
    def __init__(self, *, kind, path, actor, accept_valid, say):
        self.kind, self.path, self.actor, self.accept_valid, self.say = kind, path, actor, accept_valid, say
        self.table_frame: pl.DataFrame | None = None
        self.headers: list[str] = []
        self.ignored: list[str] = []
        self.errors = pl.DataFrame(schema=P.ERROR_SCHEMA)
        self.today = clock.today()
        if actor is None or is_unrestricted(actor):
            self.allowed: frozenset[int] | None = None
        else:
            self.allowed = visible_unit_ids(actor)
        self.checks = Checks(kind=kind, allowed=self.allowed, today=self.today)

    # -- orchestration -----------------------------------------------------------------------------------

    def execute(self) -> ImportResult:
        if self.actor is not None and not user_can(self.actor, "registry.import"):
            raise _Refused("tidak_berwenang", "Anda tidak berwenang mengimpor data kepesertaan.")
        self.say(0, None, "Membaca berkas")
        table = table_read(self.path)
        stage = self._stage(table.frame, first_row=table.header_row + 1)
        rows = stage.df.height
        self.say(0, rows, "Memeriksa baris")
        self.checks.validate(stage)
        existing = getattr(self, f"_existing_{self.kind}")(stage)
        target = TARGETS[self.kind]
        inserts, updates, unchanged = self._diff(stage, target, existing)
        if self.kind == "workers":
            self._check_worker_scope(stage, updates)
        self.errors = stage.errors()
        invalid = stage.invalid_rows()
        keep = ~pl.col("_row").is_in(invalid.implode())
        inserts, updates, unchanged = inserts.filter(keep), updates.filter(keep), unchanged.filter(keep)
        result = ImportResult(kind=self.kind, status="applied", message="", rows=rows, invalid=invalid.len(),
                              unchanged=unchanged.height)
        if result.invalid and not self.accept_valid:
            result.status, result.unchanged = "rejected", 0
            result.message = (
                f"Impor dibatalkan: {result.invalid} dari {rows} baris tidak valid, sehingga tidak ada data "
                "yang ditulis. Perbaiki baris yang tercantum di laporan lalu impor ulang, atau impor dengan "
                "pilihan menerima baris yang valid saja."
            )
        else:
            self.say(0, inserts.height + updates.height, "Menulis data")
            try:
                with transaction.atomic():
                    result.inserted = self._insert(target, inserts)
                    result.updated = self._update(target, updates)
                    self._audit(result)
                    self._audit_updates(target, updates)
            except IntegrityError as exc:
                log.warning("registry import of %s rolled back: %s", self.path.name, exc)
                raise _Refused(
                    "penulisan_ditolak",
                    "Basis data menolak penulisan (kemungkinan data yang sama sedang diubah oleh impor lain); "
                    "seluruh impor dibatalkan dan tidak ada data yang berubah. Ulangi impor.",
                ) from None
            result.message = (
                f"Impor selesai: {result.inserted} ditambahkan, {result.updated} diperbarui, "
                f"{result.unchanged} tidak berubah"
                + (f", {result.invalid} baris tidak valid dilewati." if result.invalid else ".")
            )
        result.errors = [RowError(*r) for r in self.errors.sort(["row", "column", "code"]).iter_rows()]
        return result

    def _stage(self, frame: pl.DataFrame, *, first_row: int) -> P.Stage:
        try:
            headed = P.stage_columns(frame, first_row=first_row, columns=COLUMNS[self.kind],
                                      missing_hint=f"Baris pertama harus berisi judul kolom impor {KIND_LABELS[self.kind]}.")
        except P.ColumnsRefused as refused:
            raise _Refused(refused.code, refused.message, refused.column) from None
        self.headers, self.table_frame = headed.headers, headed.frame
        self.ignored.extend(headed.ignored)
        return headed.stage

    def _existing_employers(self, s: P.Stage) -> pl.DataFrame:
        target = TARGETS["employers"]
        existing = self._fetch_existing(target, "npp", s.df.get_column("npp").drop_nulls().unique().to_list(), s)
        moved = s.df.join(existing.select("npp", pl.col("branch_id").alias("_old_branch")), on="npp", how="inner")
        if self.allowed is not None and moved.height:
            outside = moved.filter(~self.checks.in_scope("_old_branch")).get_column("_row")
            s.flag(pl.col("_row").is_in(outside.implode()), "npp", "npp_di_luar_cakupan",
                   pl.format("NPP {} terdaftar di kantor cabang di luar cakupan unit Anda.", pl.col("npp")))
        return existing

    def _existing_workers(self, s: P.Stage) -> pl.DataFrame:
        return self._fetch_existing(TARGETS["workers"], "nik", s.df.get_column("nik").drop_nulls().unique().to_list(), s)

    def _existing_employment(self, s: P.Stage) -> pl.DataFrame:
        return self._fetch_existing(TARGETS["employment"], "worker_id",
                                    s.df.get_column("worker_id").drop_nulls().unique().to_list(), s)

    def _existing_wages(self, s: P.Stage) -> pl.DataFrame:
        return self._fetch_existing(TARGETS["wages"], "employment_id",
                                    s.df.get_column("employment_id").drop_nulls().unique().to_list(), s)

    def _fetch_existing(self, target: Target, by: str, values: list, s: P.Stage) -> pl.DataFrame:
        columns = ["id", *target.keys, *target.values]
        schema = {"id": pl.Int64, **{c: s.df.schema[c] for c in (*target.keys, *target.values)}}
        table = target.model._meta.db_table
        return fetch_where_in(f"SELECT {', '.join(columns)} FROM {table}", by, values, schema)  # noqa: S608

    def _diff(self, s: P.Stage, target: Target, existing: pl.DataFrame):
        """Split the rows valid so far into new, changed and identical records (each keeps its ``_row``)."""
        invalid = s.invalid_rows()
        valid = s.df.filter(~pl.col("_row").is_in(invalid.implode()))
        old = existing.rename({v: f"{v}__old" for v in target.values})
        joined = valid.select("_row", *target.keys, *target.values, self._repr().alias("_repr"),
                              self._scope().alias("_scope")).join(old, on=list(target.keys), how="left")
        joined = joined.with_columns(
            pl.coalesce(pl.col(v), pl.col(f"{v}__old")).alias(f"{v}__new") for v in target.values)
        changed = pl.any_horizontal(~pl.col(f"{v}__new").eq_missing(pl.col(f"{v}__old")) for v in target.values)
        new = joined.filter(pl.col("id").is_null())
        inserts = new.select("_row", *target.keys, *[
            pl.col(v).fill_null(target.defaults[v]) if v in target.defaults else pl.col(v) for v in target.values])
        if self.kind == "wages":
            inserts = inserts.with_columns(pl.col("reported_on").fill_null(self.today))
        matched = joined.filter(pl.col("id").is_not_null())
        updates = matched.filter(changed)
        return inserts, updates, matched.filter(~changed)

    def _repr(self) -> pl.Expr:
        masked = pl.concat_str(pl.col("nik").str.slice(0, 6), pl.lit("******"), pl.col("nik").str.slice(12))
        if self.kind == "employers":
            return pl.concat_str(pl.col("npp"), pl.lit(" "), pl.col("name").fill_null(""))
        if self.kind == "workers":
            return pl.coalesce(pl.col("name"), masked)
        if self.kind == "employment":
            return pl.format("NIK {} @ NPP {}", masked, pl.col("npp"))
        return pl.format("Upah NIK {} @ NPP {} mulai {}", masked, pl.col("npp"),
                         pl.col("effective_from").dt.strftime("%d/%m/%Y"))

    def _scope(self) -> pl.Expr:
        """The unit that owns an updated record, for its audit event (``orgs.scoping.owning_unit_id``)."""
        if self.kind == "employers":
            return pl.col("branch_id")
        if self.kind == "workers":  # a worker belongs to no single unit: the importer's unit sees the event
            return pl.lit(getattr(self.actor, "org_unit_id", None), dtype=pl.Int64)
        return pl.col("employer_branch_id")

    def _check_worker_scope(self, s: P.Stage, updates: pl.DataFrame) -> None:
        """A branch officer changes only the workers they can see, or ones nobody employs or insures yet."""
        if self.allowed is None or updates.is_empty():
            return
        ids = updates.get_column("id").to_list()
        visible: set[int] = set()
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            visible.update(scoped(Worker.objects.filter(pk__in=chunk), self.actor).values_list("pk", flat=True))
            visible.update(Worker.objects.filter(pk__in=chunk, employments__isnull=True,
                                                 bpu_memberships__isnull=True).values_list("pk", flat=True))
        hidden = updates.filter(~pl.col("id").is_in(pl.Series(sorted(visible), dtype=pl.Int64).implode()))
        hidden = hidden.get_column("_row")
        s.flag(pl.col("_row").is_in(hidden.implode()), "nik", "nik_di_luar_cakupan",
               "Tenaga kerja ini terdaftar pada pemberi kerja di luar cakupan unit Anda; datanya tidak dapat diubah "
               "dari sini.")

    # -- writing --------------------------------------------------------------------------------------------

    def _now(self):
        return connection.ops.adapt_datetimefield_value(clock.now())

    def _insert(self, target: Target, inserts: pl.DataFrame) -> int:
        frame = inserts.drop("_row")
        extra: dict[str, object] = {}
        if self.kind == "employers":
            frame = frame.with_columns(pl.col("name").str.to_lowercase().alias("name_search"))
            extra = {"relief_industry": "", "created_at": self._now(), "updated_at": self._now()}
        elif self.kind == "workers":
            extra = {"created_at": self._now()}
        frame = frame.with_columns(pl.lit(v).alias(k) for k, v in extra.items())
        total = frame.height
        return insert_rows(target.model._meta.db_table, frame.columns, frame,
                           progress=lambda done: self.say(done, total, "Menulis data"))

    def _update(self, target: Target, updates: pl.DataFrame) -> int:
        columns = [f"{v}__new" for v in target.values]
        frame = updates.select(*[pl.col(c).alias(c.removesuffix("__new")) for c in columns])
        if self.kind == "employers":
            frame = frame.with_columns(pl.col("name").str.to_lowercase().alias("name_search"),
                                       pl.lit(self._now()).alias("updated_at"))
        frame = frame.with_columns(updates.get_column("id"))
        return update_rows(target.model._meta.db_table, frame.columns[:-1], frame)

    def _audit(self, result: ImportResult) -> None:
        """One event for the import with its counts, in the transaction of the writes."""
        actor_unit = getattr(self.actor, "org_unit_id", None)
        audit_record(
            actor=self.actor, action="registry.import", object_type="registry.import",
            object_id=self._digest()[:16], object_repr=self.path.name[:255], scope_unit=actor_unit,
            after={"kind": self.kind, "file": self.path.name, "sha256": self._digest(), "rows": result.rows,
                   "inserted": result.inserted, "updated": result.updated, "unchanged": result.unchanged,
                   "invalid": result.invalid, "accept_valid": self.accept_valid},
            reason=f"Impor {KIND_LABELS[self.kind]} dari berkas {self.path.name}",
        )

    def _digest(self) -> str:
        if not hasattr(self, "_sha"):
            digest = hashlib.sha256()
            with self.path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            self._sha = digest.hexdigest()
        return self._sha

    def _audit_updates(self, target: Target, updates: pl.DataFrame) -> None:
        """One event per updated record with the fields that changed, before and after: the record's history
        must show what an import did to it. Inserted records are covered by the import's event."""
        if updates.is_empty():
            return
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        model = target.model._meta
        events = []
        for record in updates.iter_rows(named=True):
            before, after = {}, {}
            for name in target.values:
                old, new = record[f"{name}__old"], record[f"{name}__new"]
                if old != new:
                    before[name], after[name] = _jsonable(old), _jsonable(new)
            events.append(AuditEvent(
                actor=user, actor_username=user.get_username() if user else "sistem",
                actor_org_id=getattr(user, "org_unit_id", None), action=f"registry.{model.model_name}.update",
                object_type=model.label_lower, object_id=str(record["id"]), object_repr=(record["_repr"] or "")[:255],
                scope_unit_id=record["_scope"], before=before, after=after,
                reason=f"Impor {KIND_LABELS[self.kind]} dari berkas {self.path.name}",
            ))
        AuditEvent.objects.bulk_create(events, batch_size=1000)

    # -- report ---------------------------------------------------------------------------------------------

    def report(self, result: ImportResult) -> bytes:
        who = getattr(self.actor, "username", "") or "sistem"
        outcome = {"applied": "Diterapkan", "rejected": "Dibatalkan, tidak ada yang ditulis",
                   "refused": "Ditolak"}[result.status]
        summary = [
            ("Berkas", self.path.name), ("Jenis data", KIND_LABELS[self.kind]),
            ("Diimpor oleh", who), ("Waktu", timezone.localtime(clock.now()).strftime("%d/%m/%Y %H:%M")),
            ("Hasil", outcome), ("Keterangan", result.message),
            ("Baris data", result.rows), ("Ditambahkan", result.inserted), ("Diperbarui", result.updated),
            ("Tidak berubah", result.unchanged), ("Tidak valid", result.invalid),
            ("Kebijakan", "Semua atau tidak sama sekali" if not self.accept_valid
             else "Baris valid ditulis, baris tidak valid dilewati"),
        ]
        if self.ignored:
            summary.append(("Kolom diabaikan", ", ".join(self.ignored)))
        return report_build(summary=summary, errors=self.errors, originals=self.table_frame, headers=self.headers)
