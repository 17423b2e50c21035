"""Import of a legacy SKK register (the spreadsheet a branch kept before Sinergi) as legacy SKK cases.

    result = legacy_import(path="register-skk-2024.xlsx", branch=None, actor=None)

The columns (headers case-insensitive, punctuation ignored, Indonesian aliases in :data:`COLUMNS`): NPP, nama
pemberi kerja, Kejari, nomor SKK, tanggal SKK, nilai potensi, status, nilai realisasi, tanggal selesai,
kendala. The same discipline as the registry import (``sinergi.registry.imports``):

- **Set-wise**: the file is read as text by ``registry.tables``, validated as a set with polars
  (``registry.import_parse.Stage``), NPPs and SKK numbers joined against the database one query per kind of
  key, SKKs and their events written by COPY (PostgreSQL) or batched executemany (SQLite).
- **Row errors** name the row (header = row 1) and the column as written in the file, in Indonesian: unknown
  NPP, an NPP of another branch (with ``branch``) or outside the actor's scope, unknown Kejari, bad or
  future dates, a settlement before the SKK date, a realised amount above the potential, a failed case
  without its obstacle, duplicated SKK numbers.
- **All or nothing** by default (``accept_valid=True`` writes the valid rows and reports the rest), in one
  transaction with one audit event and one ``LegacyImport`` record with the counts.
- **Idempotent by SKK number**: a number already in Sinergi is left alone ("sudah ada"), so the same file
  twice adds nothing. A number already used for another employer is a row error.
- **Per-row report**: an XLSX in Indonesian for every import (``registry.import_report``).

What a legacy SKK holds: ``principal`` = nilai potensi (the register does not split iuran and denda),
``penalty`` 0, ``legacy`` True, ``legacy_realised`` = nilai realisasi, the status and obstacle of the
register, ``settled_on`` = tanggal selesai; its timeline gets the handover and, for a status beyond it, one
event "menurut register lama". The branch is ``branch`` when given, else the employer's own branch.
Recoveries: ``enforcement.recoveries`` (the register's figure plus ledger payments after the import).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.enforcement.models import LegacyImport
from sinergi.orgs.models import OrgUnit
from sinergi.orgs.roles import UnitKind
from sinergi.orgs.scoping import is_unrestricted, user_can, visible_unit_ids
from sinergi.registry import import_parse as P
from sinergi.registry.import_db import fetch_where_in, insert_rows
from sinergi.registry.import_report import report_build
from sinergi.registry.import_specs import Column
from sinergi.tables import TableRefused, table_read

log = logging.getLogger("sinergi.enforcement")
Progress = Callable[[int, int | None, str], None]

C = Column
COLUMNS: tuple[Column, ...] = (
    C("npp", ("NPP", "NO_NPP", "NOMOR_NPP"), True),
    C("name", ("NAMA_PEMBERI_KERJA", "NAMA_PERUSAHAAN", "NAMA", "NAMA_BADAN_USAHA", "PEMBERI_KERJA")),
    C("kejari", ("KEJARI", "KEJAKSAAN", "KEJAKSAAN_NEGERI", "NAMA_KEJARI", "KEJARI_KEJATI", "PENERIMA_KUASA"), True),
    C("number", ("NOMOR_SKK", "NO_SKK", "SKK", "NOMOR_SURAT_KUASA"), True),
    C("dated", ("TANGGAL_SKK", "TGL_SKK", "TANGGAL_PENYERAHAN", "TGL_PENYERAHAN", "TANGGAL"), True),
    C("amount", ("NILAI_POTENSI", "POTENSI", "NILAI_SKK", "NILAI_PIUTANG", "JUMLAH_PIUTANG", "NILAI_TUNGGAKAN"), True),
    C("status", ("STATUS", "STATUS_PENANGANAN", "HASIL", "KETERANGAN_STATUS"), True),
    C("realised", ("NILAI_REALISASI", "REALISASI", "JUMLAH_REALISASI", "PEMULIHAN", "NILAI_PEMULIHAN")),
    C("settled_on", ("TANGGAL_SELESAI", "TGL_SELESAI", "TANGGAL_PENYELESAIAN", "TGL_PENYELESAIAN")),
    C("obstacle", ("KENDALA", "HAMBATAN", "KETERANGAN_KENDALA", "ALASAN_TIDAK_BERHASIL")),
)
REQUIRED = tuple(c.field for c in COLUMNS if c.required)

STATUSES = {
    "DISERAHKAN": "handed_over", "BARU": "handed_over", "BELUM DITINDAKLANJUTI": "handed_over",
    "PROSES": "handed_over", "DALAM PROSES": "handed_over", "BERJALAN": "handed_over",
    "PEMANGGILAN": "summoned", "PANGGILAN": "summoned", "DIPANGGIL": "summoned",
    "KLARIFIKASI": "clarification", "NEGOSIASI": "negotiation", "MEDIASI": "negotiation",
    "KOMITMEN": "commitment", "KOMITMEN PEMBAYARAN": "commitment", "ANGSURAN": "commitment", "CICILAN": "commitment",
    "SELESAI": "settled", "BERHASIL": "settled", "LUNAS": "settled", "SELESAI BERHASIL": "settled",
    "TIDAK BERHASIL": "failed", "GAGAL": "failed", "SELESAI TIDAK BERHASIL": "failed",
    "DIKEMBALIKAN": "returned", "DIKEMBALIKAN KE BPJS": "returned", "KEMBALI": "returned",
}
CLOSED = ("settled", "failed", "returned")
# Words of an obstacle as a register writes it → Skk.Obstacle; anything else is "other" (the text is kept).
OBSTACLE_WORDS = (
    ("not_found", ("TIDAK DITEMUKAN", "ALAMAT TIDAK", "TIDAK DIKETAHUI", "PINDAH")),
    ("closed", ("TUTUP", "TIDAK BEROPERASI", "BERHENTI BEROPERASI", "BUBAR")),
    ("bankrupt", ("PAILIT", "BANGKRUT")),
    ("refuses", ("MENOLAK", "TIDAK KOOPERATIF", "TIDAK HADIR")),
    ("disputes", ("MEMBANTAH", "SENGKETA", "KEBERATAN", "TIDAK MENGAKUI")),
    ("no_funds", ("TIDAK MAMPU", "KESULITAN KEUANGAN", "TIDAK ADA DANA")),
)
KIND = "enforcement.legacy_import"
NUMBER_MAX = 64  # Skk.number's length


def obstacle_code(text: str | None) -> str:
    """The obstacle class of a register's free text (``""`` when empty)."""
    if not text or not text.strip():
        return ""
    upper = re.sub(r"\s+", " ", text.upper())
    for code, words in OBSTACLE_WORDS:
        if any(w in upper for w in words):
            return code
    return "other"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower().replace("kabupaten", "kab"))


def kejaksaan_aliases() -> dict[str, int]:
    """Normalised names of every Kejari and Kejati → unit id: "Kejari Kota Kupang", "Kejaksaan Negeri Kota
    Kupang", "Kota Kupang", "kejari-kota-kupang", "Kejati NTT", "Kejaksaan Tinggi Nusa Tenggara Timur"."""
    aliases: dict[str, int] = {}
    units = OrgUnit.objects.filter(kind__in=(UnitKind.KEJARI, UnitKind.KEJATI), is_active=True)
    for pk, code, name, kind in units.values_list("pk", "code", "name", "kind"):
        if kind == UnitKind.KEJARI:
            rest = re.sub(r"(?i)^kejaksaan negeri\s+", "", name)
            keys = (name, code, rest, f"kejari {rest}", f"kejaksaan negeri {rest}")
        else:
            rest = re.sub(r"(?i)^kejaksaan tinggi\s+", "", name)
            short = code.removeprefix("kejati-")
            keys = (name, code, f"kejati {rest}", f"kejati {short}", f"kejaksaan tinggi {short}")
        for key in keys:
            aliases.setdefault(_norm(key), pk)
    return aliases


@dataclass
class LegacyResult:
    status: str  # "applied", "rejected" (invalid rows, nothing written), "refused" (not a usable table)
    message: str
    rows: int = 0
    inserted: int = 0
    existing: int = 0
    invalid: int = 0
    seconds: float = 0.0
    errors: list[tuple] = field(default_factory=list)  # (row, column, code, message)
    report: bytes = b""
    import_id: int | None = None

    def counts(self) -> dict:
        return {"status": self.status, "rows": self.rows, "inserted": self.inserted, "existing": self.existing,
                "invalid": self.invalid, "seconds": round(self.seconds, 3), "message": self.message}


class _Refused(Exception):
    def __init__(self, code: str, message: str, column: str = ""):
        super().__init__(message)
        self.code, self.message, self.column = code, message, column


def legacy_import(*, path: str | Path, actor, branch: OrgUnit | str | None = None, accept_valid: bool = False,
                  progress: Progress | None = None, job=None) -> LegacyResult:
    """Load one register file; see the module docstring for the policy."""
    started = time.perf_counter()
    run = _Run(path=Path(path), actor=actor, branch=branch, accept_valid=accept_valid,
               say=progress or (lambda done, total, message: None), job=job)
    try:
        result = run.execute()
    except (_Refused, TableRefused) as refusal:
        column = getattr(refusal, "column", "")
        result = LegacyResult(status="refused", message=refusal.message,
                              errors=[(None, column, refusal.code, refusal.message)])
        run.errors = pl.DataFrame([{"row": None, "column": column, "code": refusal.code,
                                    "message": refusal.message}], schema=P.ERROR_SCHEMA)
    result.report = run.report(result)
    result.seconds = time.perf_counter() - started
    return result


class _Run:
    def __init__(self, *, path: Path, actor, branch, accept_valid: bool, say: Progress, job):
        self.path, self.actor, self.accept_valid, self.say, self.job = path, actor, accept_valid, say, job
        self.branch_arg = branch
        self.branch: OrgUnit | None = None
        self.headers: list[str] = []
        self.table_frame: pl.DataFrame | None = None
        self.ignored: list[str] = []
        self.errors = pl.DataFrame(schema=P.ERROR_SCHEMA)
        self.today = clock.today()
        self.allowed = None if actor is None or is_unrestricted(actor) else visible_unit_ids(actor)

    def execute(self) -> LegacyResult:
        if self.actor is not None and not user_can(self.actor, "enforcement.import"):
            raise _Refused("tidak_berwenang", "Anda tidak berwenang mengimpor register SKK.")
        if self.branch_arg is not None:
            code = getattr(self.branch_arg, "code", self.branch_arg)
            self.branch = OrgUnit.objects.filter(code=code, kind=UnitKind.BPJS_CABANG).first()
            if self.branch is None:
                raise _Refused("cabang_tidak_dikenal", f"Kantor cabang '{code}' tidak dikenal.")
            if self.allowed is not None and self.branch.pk not in self.allowed:
                raise _Refused("cabang_di_luar_cakupan", f"Kantor cabang {self.branch.name} di luar cakupan unit Anda.")
        self.say(0, None, "Membaca berkas")
        table = table_read(self.path)
        s = self._stage(table.frame, first_row=table.header_row + 1)
        self.say(0, s.df.height, "Memeriksa baris")
        self._validate(s)
        self.errors = s.errors()
        invalid = s.invalid_rows()
        rows = s.df.height
        valid = s.df.filter(~pl.col("_row").is_in(invalid.implode()))
        new = valid.filter(pl.col("existing_id").is_null())
        result = LegacyResult(status="applied", message="", rows=rows, invalid=invalid.len(),
                              existing=valid.height - new.height)
        if result.invalid and not self.accept_valid:
            result.status, result.existing = "rejected", 0
            result.message = (f"Impor dibatalkan: {result.invalid} dari {rows} baris tidak valid, sehingga tidak ada "
                              "SKK yang ditulis. Perbaiki baris yang tercantum di laporan lalu impor ulang.")
        else:
            self.say(0, new.height, "Menulis SKK")
            try:
                with transaction.atomic():
                    result.inserted = self._write(new)
                    if result.inserted:
                        result.import_id = self._record(result, new)
            except IntegrityError as exc:
                log.warning("legacy SKK import of %s rolled back: %s", self.path.name, exc)
                raise _Refused("penulisan_ditolak", "Basis data menolak penulisan (kemungkinan register yang sama "
                               "sedang diimpor); tidak ada yang berubah. Ulangi impor.") from None
            result.message = (f"Impor selesai: {result.inserted} SKK ditambahkan, {result.existing} sudah ada"
                              + (f", {result.invalid} baris tidak valid dilewati." if result.invalid else "."))
        result.errors = list(self.errors.sort(["row", "column", "code"]).iter_rows())
        self.say(rows, rows, result.message[:255])
        return result

    # -- reading ------------------------------------------------------------------------------------------

    def _stage(self, frame: pl.DataFrame, *, first_row: int) -> P.Stage:
        try:
            headed = P.stage_columns(frame, first_row=first_row, columns=COLUMNS)
        except P.ColumnsRefused as refused:
            raise _Refused(refused.code, refused.message, refused.column) from None
        self.headers, self.table_frame = headed.headers, headed.frame
        self.ignored.extend(headed.ignored)
        return headed.stage

    def _validate(self, s: P.Stage) -> None:  # noqa: C901 - one check after another, read top to bottom
        raw = s.raw
        s.require(*REQUIRED)
        s.parse("npp", P.digits_of_length(raw("npp"), 8), pl.String, code="npp_tidak_valid",
                message=pl.format("NPP '{}' harus 8 digit angka.", raw("npp")))
        s.parse("number", raw("number").str.replace_all(r"\s+", " "), pl.String, code="nomor_tidak_valid",
                message="Nomor SKK tidak valid.")
        s.flag(pl.col("number").str.len_chars() > NUMBER_MAX, "number", "nomor_terlalu_panjang",
               f"Nomor SKK lebih dari {NUMBER_MAX} karakter.")
        s.add("number", pl.when(pl.col("number").str.len_chars() <= NUMBER_MAX).then(pl.col("number")))
        s.add("name", raw("name") if s.present("name") else pl.lit(None, dtype=pl.String))
        s.date("dated", not_after=self.today)
        s.date("settled_on", not_after=self.today)
        for name in ("amount", "realised"):
            amount = P.whole_rupiah(raw(name)) if s.present(name) else None
            if amount is None:
                s.add(name, pl.lit(0 if name == "realised" else None, dtype=pl.Int64))
                continue
            s.add(name, amount.value)
            s.flag(raw(name).is_not_null() & pl.col(name).is_null(), name, "nilai_tidak_valid",
                   pl.format("'{}' bukan nilai rupiah yang dikenali; tulis seperti 25.000.000.", raw(name)))
            s.flag(amount.fractional, name, "nilai_pecahan", "Nilai harus rupiah bulat (tanpa sen).")
            s.add(name, pl.col(name).fill_null(0) if name == "realised" else pl.col(name))
        s.flag(pl.col("amount") <= 0, "amount", "nilai_tidak_positif", "Nilai potensi harus lebih dari nol.")
        s.flag(pl.col("realised") < 0, "realised", "nilai_negatif", "Nilai realisasi tidak boleh negatif.")
        s.flag(pl.col("realised") > pl.col("amount"), "realised", "realisasi_melebihi_potensi",
               "Nilai realisasi melebihi nilai potensi SKK.")
        s.parse("status", P.choice(raw("status"), STATUSES, pl.String), pl.String, code="status_tidak_dikenal",
                message=pl.format("Status '{}' tidak dikenal; gunakan misalnya Diserahkan, Pemanggilan, "
                                  "Negosiasi, Komitmen, Selesai, Tidak berhasil atau Dikembalikan.", raw("status")))
        s.add("obstacle_note", raw("obstacle") if s.present("obstacle") else pl.lit(None, dtype=pl.String))
        s.map_distinct("obstacle_note", "obstacle", obstacle_code, pl.String)
        closed = pl.col("status").is_in(list(CLOSED))
        if s.present("obstacle"):
            s.flag((pl.col("status") == "failed") & pl.col("obstacle").is_null(), "obstacle", "kendala_wajib",
                   "Kendala wajib diisi untuk SKK yang tidak berhasil.")
        else:
            s.flag(pl.col("status") == "failed", "status", "kendala_wajib",
                   "Kendala wajib diisi untuk SKK yang tidak berhasil, tetapi berkas tidak memiliki kolom KENDALA.")
        if s.present("settled_on"):
            s.flag(closed & raw("settled_on").is_null(), "settled_on", "tanggal_selesai_wajib",
                   "Tanggal selesai wajib diisi untuk SKK yang selesai, tidak berhasil atau dikembalikan.")
            s.flag(pl.col("settled_on") < pl.col("dated"), "settled_on", "selesai_sebelum_skk",
                   "Tanggal selesai sebelum tanggal SKK.")
            s.flag(~closed & pl.col("settled_on").is_not_null(), "settled_on", "tanggal_selesai_tanpa_status",
                   pl.format("Tanggal selesai diisi, tetapi status '{}' menyatakan SKK masih berjalan.", raw("status")))
        else:
            s.flag(closed, "status", "tanggal_selesai_wajib",
                   "SKK yang sudah ditutup memerlukan kolom TANGGAL_SELESAI.")
        # SKK numbers: unique within the file, and the same employer when already in Sinergi.
        dup = pl.col("number").is_not_null() & (pl.col("number").count().over("number") > 1)
        s.flag(dup, "number", "nomor_ganda", pl.format("Nomor SKK {} muncul lebih dari sekali di berkas.",
                                                       pl.col("number")))
        self._join_employers(s)
        self._join_kejari(s)
        self._join_existing(s)

    def _join_employers(self, s: P.Stage) -> None:
        npps = s.df.get_column("npp").drop_nulls().unique().to_list()
        found = fetch_where_in("SELECT npp, id, branch_id FROM registry_employer", "npp", npps,
                               {"npp": pl.String, "employer_id": pl.Int64, "branch_id": pl.Int64})
        s.df = s.df.join(found, on="npp", how="left")
        s.flag(pl.col("npp").is_not_null() & pl.col("employer_id").is_null(), "npp", "npp_tidak_dikenal",
               pl.format("NPP {} tidak terdaftar di Sinergi.", pl.col("npp")))
        if self.allowed is not None:
            s.flag(pl.col("employer_id").is_not_null() & ~pl.col("branch_id").is_in(sorted(self.allowed)), "npp",
                   "npp_di_luar_cakupan", pl.format("NPP {} terdaftar di kantor cabang di luar cakupan unit Anda.",
                                                    pl.col("npp")))
        if self.branch is not None:
            s.flag(pl.col("employer_id").is_not_null() & (pl.col("branch_id") != self.branch.pk), "npp",
                   "npp_cabang_lain", pl.format("NPP {} terdaftar di kantor cabang lain, bukan {}.", pl.col("npp"),
                                                pl.lit(self.branch.name)))
            s.add("branch_id", pl.lit(self.branch.pk, dtype=pl.Int64))

    def _join_kejari(self, s: P.Stage) -> None:
        aliases = kejaksaan_aliases()
        s.map_distinct("raw:kejari", "kejari_id", lambda text: aliases.get(_norm(text)), pl.Int64)
        s.flag(s.raw("kejari").is_not_null() & pl.col("kejari_id").is_null(), "kejari", "kejari_tidak_dikenal",
               pl.format("Kejaksaan '{}' tidak dikenal; tulis seperti 'Kejari Kota Kupang' atau 'Kejati NTT'.",
                         s.raw("kejari")))

    def _join_existing(self, s: P.Stage) -> None:
        numbers = s.df.get_column("number").drop_nulls().unique().to_list()
        found = fetch_where_in("SELECT number, id, employer_id FROM enforcement_skk", "number", numbers,
                               {"number": pl.String, "existing_id": pl.Int64, "existing_employer": pl.Int64})
        s.df = s.df.join(found, on="number", how="left")
        s.flag(pl.col("existing_id").is_not_null() & pl.col("employer_id").is_not_null()
               & (pl.col("existing_employer") != pl.col("employer_id")), "number", "nomor_sudah_dipakai",
               pl.format("Nomor SKK {} sudah tercatat untuk pemberi kerja lain.", pl.col("number")))

    # -- writing ------------------------------------------------------------------------------------------

    def _write(self, new: pl.DataFrame) -> int:
        if new.is_empty():
            return 0
        now = connection.ops.adapt_datetimefield_value(clock.now())
        user_id = self.actor.pk if getattr(self.actor, "is_authenticated", False) else None
        skks = new.select(
            pl.col("employer_id"), pl.col("branch_id"), pl.col("kejari_id"), pl.col("number"), pl.col("dated"),
            pl.col("amount").alias("principal"), pl.lit(0, dtype=pl.Int64).alias("penalty"), pl.col("amount"),
            pl.lit("[]").alias("documents"), pl.col("status"), pl.col("obstacle").fill_null(""),
            pl.col("obstacle_note").fill_null(""), pl.col("settled_on"), pl.lit(True).alias("legacy"),
            pl.col("realised").alias("legacy_realised"), pl.lit(user_id, dtype=pl.Int64).alias("created_by_id"),
            pl.lit(now).alias("created_at"),
        )
        inserted = insert_rows("enforcement_skk", skks.columns, skks)
        ids = fetch_where_in("SELECT number, id FROM enforcement_skk", "number", new.get_column("number").to_list(),
                             {"number": pl.String, "skk_id": pl.Int64})
        joined = new.join(ids, on="number", how="inner")
        note = "Menurut register lama"
        handed = joined.select(pl.col("skk_id"), pl.lit("handed_over").alias("status"), pl.col("dated"),
                               pl.lit("Diserahkan (register lama)").alias("note"), pl.lit("").alias("obstacle"))
        later = joined.filter(pl.col("status") != "handed_over").select(
            pl.col("skk_id"), pl.col("status"), pl.coalesce(pl.col("settled_on"), pl.col("dated")).alias("dated"),
            pl.concat_str(pl.lit(note), pl.when(pl.col("obstacle_note").is_not_null())
                          .then(pl.concat_str(pl.lit(": "), pl.col("obstacle_note"))).otherwise(pl.lit("")))
            .alias("note"),
            pl.when(pl.col("status") == "failed").then(pl.col("obstacle")).otherwise(pl.lit("")).fill_null("")
            .alias("obstacle"),
        )
        events = pl.concat([handed, later]).with_columns(
            pl.lit(user_id, dtype=pl.Int64).alias("created_by_id"), pl.lit(now).alias("created_at"))
        insert_rows("enforcement_skkevent", events.columns, events)
        return inserted

    def _digest(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def _record(self, result: LegacyResult, new: pl.DataFrame) -> int:
        # The import record belongs to the given branch, else to the branch of most of its SKKs.
        main = new.group_by("branch_id").len().sort(["len", "branch_id"], descending=[True, False])
        branch = self.branch or OrgUnit.objects.get(pk=main.item(0, "branch_id"))
        record = LegacyImport.objects.create(
            file_name=self.path.name[:255], file_sha256=self._digest(), branch=branch, job=self.job,
            counts={"rows": result.rows, "inserted": result.inserted, "existing": result.existing,
                    "invalid": result.invalid, "accept_valid": self.accept_valid},
            created_by=self.actor if getattr(self.actor, "is_authenticated", False) else None)
        audit_record(actor=self.actor, action="enforcement.skk.legacy_import", obj=record,
                     after={"file": self.path.name, "sha256": record.file_sha256, **record.counts},
                     reason=f"Impor register SKK dari berkas {self.path.name}")
        return record.pk

    # -- report -------------------------------------------------------------------------------------------

    def report(self, result: LegacyResult) -> bytes:
        who = getattr(self.actor, "username", "") or "sistem"
        outcome = {"applied": "Diterapkan", "rejected": "Dibatalkan, tidak ada yang ditulis",
                   "refused": "Ditolak"}[result.status]
        summary = [
            ("Berkas", self.path.name), ("Jenis data", "Register SKK (data lama)"), ("Diimpor oleh", who),
            ("Waktu", timezone.localtime(clock.now()).strftime("%d/%m/%Y %H:%M")), ("Hasil", outcome),
            ("Keterangan", result.message), ("Baris data", result.rows), ("SKK ditambahkan", result.inserted),
            ("Sudah ada (dilewati)", result.existing), ("Tidak valid", result.invalid),
            ("Kebijakan", "Semua atau tidak sama sekali" if not self.accept_valid
             else "Baris valid ditulis, baris tidak valid dilewati"),
        ]
        if self.ignored:
            summary.append(("Kolom diabaikan", ", ".join(self.ignored)))
        return report_build(summary=summary, errors=self.errors, originals=self.table_frame, headers=self.headers)
