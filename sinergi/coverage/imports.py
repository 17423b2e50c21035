"""Import of workforce estimates (the coverage denominator) from CSV or XLSX as BPS publishes them.

    result = workforce_import(path="sakernas-2025.xlsx", source="BPS Sakernas Agustus", actor=user)

Policy (the registry import's, docs/coverage.md):

- **Read** through ``registry.tables.table_read`` (every cell as text; ``,``/``;``/tab; UTF-8 or
  Windows-1252; XLSX through calamine). Headers match case-insensitively, ignoring punctuation, with the
  Indonesian names BPS tables use: ``Kode Wilayah`` / ``Kabupaten/Kota`` (or ``Provinsi``), ``Tahun``,
  ``Penduduk Bekerja`` (or ``Jumlah``), optional ``Sektor``/``Lapangan Usaha`` (KBLI category letter),
  ``Status Pekerjaan`` (formal/informal), ``Kategori`` (``penduduk bekerja`` or a group to subtract such as
  ``ASN/TNI/Polri``), ``Periode`` (agustus, februari, tahunan).
- **Regions**: a Kemendagri code (``53.71``) or the BPS four digits (``5371``); or a name: ``Kota Kupang``,
  ``Kabupaten Kupang``/``Kab. Kupang``, and a bare regency name means the kabupaten (BPS's convention). A
  name that fits several regions is an error asking for the code.
- **Values** are persons (whole numbers, ``1.676.573`` or ``1676573``); a table in thousands must be converted
  first (the publication's unit is not guessed).
- **All or nothing.** Any invalid row (row and column named, in Indonesian) and nothing is written; the
  per-row XLSX report (``registry.import_report``) lists every problem.
- **Idempotent re-import.** The rows of the same source, year and period are replaced by the file's, in one
  transaction with one audit event; importing the same file again leaves the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import transaction

from sinergi import clock
from sinergi.audit.services import audit_record
from sinergi.coverage.models import WorkforceEstimate
from sinergi.orgs.scoping import user_can
from sinergi.regions.models import Region
from sinergi.registry.import_report import report_build
from sinergi.tables import TableRefused, table_read

MAX_ROWS = 100_000  # a national table by regency, sector and status is a few tens of thousands of rows
CONFIDENCES = ("C1", "C2", "C3", "R")
PERIODS = ("agustus", "februari", "tahunan")
KBLI_LETTERS = set("ABCDEFGHIJKLMNOPQRSTU")

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("KODE_WILAYAH", "KODE", "KODE_BPS", "KODE_KABUPATEN_KOTA", "KODE_KAB_KOTA", "KODE_PROVINSI"),
    "name": ("KABUPATEN_KOTA", "KAB_KOTA", "NAMA_WILAYAH", "WILAYAH", "PROVINSI", "NAMA_KABUPATEN_KOTA"),
    "year": ("TAHUN",),
    "value": ("PENDUDUK_BEKERJA", "JUMLAH_PENDUDUK_BEKERJA", "JUMLAH", "NILAI", "ANGKATAN_KERJA"),
    "sector": ("SEKTOR", "LAPANGAN_USAHA", "KATEGORI_KBLI", "KBLI"),
    "status": ("STATUS_PEKERJAAN", "FORMAL_INFORMAL", "STATUS"),
    "category": ("KATEGORI", "KELOMPOK"),
    "period": ("PERIODE", "BULAN_RILIS"),
}
CATEGORY_WORDS = {
    "": "workforce", "penduduk bekerja": "workforce", "angkatan kerja": "workforce", "workforce": "workforce",
    "asn/tni/polri": "asn_tni_polri", "asn tni polri": "asn_tni_polri", "asn_tni_polri": "asn_tni_polri",
    "pekerja keluarga": "family_workers", "pekerja keluarga tidak dibayar": "family_workers",
    "family_workers": "family_workers",
}
STATUS_WORDS = {"": "", "semua": "", "formal": "formal", "informal": "informal"}


def _header(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", str(text).upper()).strip("_")


@dataclass
class WorkforceImportResult:
    status: str  # applied | rejected | refused
    message: str
    source: str = ""
    rows: int = 0
    inserted: int = 0
    replaced: int = 0
    errors: list[tuple[int | None, str, str, str]] = field(default_factory=list)  # row, column, code, message
    report: bytes = b""

    def counts(self) -> dict:
        return {"status": self.status, "message": self.message, "source": self.source, "rows": self.rows,
                "inserted": self.inserted, "replaced": self.replaced, "invalid_rows": len({e[0] for e in self.errors})}


class _Refused(Exception):
    def __init__(self, code: str, message: str, column: str = ""):
        super().__init__(message)
        self.code, self.message, self.column = code, message, column


class _Regions:
    """Region lookups by code and by name, loaded once for the file (38 provinces, 514 regencies)."""

    def __init__(self) -> None:
        rows = list(Region.objects.filter(level__lte=2).values_list("code", "name"))
        self.codes = {code for code, _ in rows}
        self.by_name: dict[str, list[str]] = {}
        for code, name in rows:
            self.by_name.setdefault(name.lower(), []).append(code)

    def by_code(self, raw: str) -> str | None:
        text = raw.strip().lstrip("'").replace(" ", "")
        if re.fullmatch(r"\d{4}", text):
            text = f"{text[:2]}.{text[2:]}"
        return text if text in self.codes else None

    def by_label(self, raw: str) -> list[str]:
        name = re.sub(r"\s+", " ", raw.strip().lower())
        name = re.sub(r"^(kab\.?|kabupaten)\s*", "kabupaten ", name)
        name = re.sub(r"^provinsi\s+", "", name)
        found = self.by_name.get(name, [])
        if not found and not name.startswith(("kabupaten ", "kota ")):
            found = self.by_name.get(f"kabupaten {name}", [])
        return found


def workforce_import(*, path: str | Path, source: str, actor, publication: str = "",
                     definition: str = "penduduk bekerja", period: str = "agustus", confidence: str = "C2",
                     progress=None) -> WorkforceImportResult:
    """Import one file of estimates under ``source`` (e.g. "BPS Sakernas Agustus"); see the module policy."""
    say = progress or (lambda done, total, message: None)
    run = _Run(path=Path(path), source=source.strip(), actor=actor, publication=publication.strip(),
               definition=definition.strip() or "penduduk bekerja", period=period.strip().lower(),
               confidence=confidence.strip().upper())
    try:
        result = run.execute(say)
    except (_Refused, TableRefused) as refusal:
        result = WorkforceImportResult(status="refused", message=refusal.message, source=source,
                                       errors=[(None, getattr(refusal, "column", ""), refusal.code, refusal.message)])
    result.report = report_build(
        summary=[("Sumber", result.source or source), ("Berkas", Path(path).name), ("Status", result.status),
                 ("Keterangan", result.message), ("Baris dibaca", result.rows), ("Ditambahkan", result.inserted),
                 ("Diganti (impor sebelumnya)", result.replaced)],
        errors=pl.DataFrame([{"row": r, "column": c, "code": k, "message": m} for r, c, k, m in result.errors],
                            schema={"row": pl.Int64, "column": pl.String, "code": pl.String, "message": pl.String}),
        originals=run.originals, headers=run.headers,
    )
    say(result.rows, result.rows, result.message[:255])
    return result


class _Run:
    def __init__(self, *, path, source, actor, publication, definition, period, confidence):
        self.path, self.source, self.actor = path, source, actor
        self.publication, self.definition, self.period, self.confidence = publication, definition, period, confidence
        self.originals: pl.DataFrame | None = None
        self.headers: list[str] = []

    def execute(self, say) -> WorkforceImportResult:
        if self.actor is not None and not user_can(self.actor, "coverage.manage"):
            raise _Refused("tidak_berwenang", "Anda tidak berwenang mengimpor perkiraan angkatan kerja.")
        if not self.source:
            raise _Refused("sumber_kosong", "Sebutkan sumber data (mis. \"BPS Sakernas Agustus\").")
        if self.period not in PERIODS:
            raise _Refused("periode_tidak_dikenal", f"Periode {self.period!r} tidak dikenal; pilihan: "
                           f"{', '.join(PERIODS)}.")
        if self.confidence not in CONFIDENCES:
            raise _Refused("keyakinan_tidak_dikenal", f"Tingkat keyakinan {self.confidence!r} tidak dikenal; "
                           f"pilihan: {', '.join(CONFIDENCES)}.")
        say(0, None, "Membaca berkas")
        table = table_read(self.path)
        frame = table.frame
        self.headers = list(frame.columns)
        columns: dict[str, str] = {}
        for header in frame.columns:
            normal = _header(header)
            for name, aliases in COLUMNS.items():
                if normal in aliases:
                    if name in columns:
                        raise _Refused("kolom_ganda", f"Kolom {columns[name]!r} dan {header!r} berarti hal yang "
                                       "sama; hapus salah satunya.", header)
                    columns[name] = header
        missing = [label for name, label in (("year", "Tahun"), ("value", "Penduduk Bekerja")) if name not in columns]
        if "code" not in columns and "name" not in columns:
            missing.insert(0, "Kode Wilayah atau Kabupaten/Kota")
        if missing:
            raise _Refused("kolom_wajib_tidak_ada", "Kolom wajib tidak ditemukan: " + ", ".join(missing) + ".")
        if frame.height == 0:
            raise _Refused("tidak_ada_baris", "Berkas tidak berisi baris data di bawah judul kolom.")
        if frame.height > MAX_ROWS:
            raise _Refused("terlalu_banyak_baris", f"Berkas berisi {frame.height} baris, melebihi batas {MAX_ROWS}.")
        first_row = table.header_row + 1
        self.originals = frame.with_columns(pl.int_range(first_row, first_row + frame.height).alias("_row"))
        say(0, frame.height, "Memeriksa baris")
        rows, errors = self._validate(frame, columns, first_row)
        result = WorkforceImportResult(status="applied", message="", source=self.source, rows=frame.height,
                                       errors=errors)
        if errors:
            bad = len({e[0] for e in errors})
            result.status = "rejected"
            result.message = (f"Impor dibatalkan: {bad} dari {frame.height} baris tidak valid, sehingga tidak ada "
                              "data yang ditulis. Perbaiki baris yang tercantum di laporan lalu impor ulang.")
            return result
        say(0, len(rows), "Menulis data")
        with transaction.atomic():
            periods = sorted({(r.year, r.period) for r in rows})
            replaced = 0
            for year, period in periods:
                replaced += WorkforceEstimate.objects.filter(source=self.source, year=year, period=period).delete()[0]
            WorkforceEstimate.objects.bulk_create(rows, batch_size=1000)
            result.inserted, result.replaced = len(rows), replaced
            result.message = (f"Impor selesai: {len(rows)} perkiraan dari sumber \"{self.source}\" disimpan"
                              + (f", {replaced} baris impor sebelumnya diganti." if replaced else "."))
            audit_record(actor=self.actor, action="coverage.workforce_import", object_type="coverage.source",
                         object_id=self.source[:64], object_repr=f"Perkiraan angkatan kerja: {self.source}",
                         after={"file": self.path.name, "rows": len(rows), "replaced": replaced,
                                "periods": [f"{y} {p}" for y, p in periods]})
        return result

    def _validate(self, frame: pl.DataFrame, columns: dict[str, str], first_row: int):
        regions = _Regions()
        now = clock.now()
        this_year = clock.today().year
        errors: list[tuple[int, str, str, str]] = []
        rows: list[WorkforceEstimate] = []
        seen: dict[tuple, int] = {}
        names = {name: frame.get_column(header).to_list() for name, header in columns.items()}
        for index in range(frame.height):
            row = first_row + index
            cell = {name: (values[index] or "").strip() for name, values in names.items()}
            if not any(cell.values()):
                continue  # a blank line keeps its number but is not an estimate
            problems_before = len(errors)

            def bad(name: str, code: str, message: str, row=row) -> None:
                errors.append((row, columns.get(name, ""), code, f"Baris {row}, kolom {columns.get(name, name)}: "
                               f"{message}"))

            region = None
            if cell.get("code"):
                region = regions.by_code(cell["code"])
                if region is None:
                    bad("code", "kode_wilayah_tidak_dikenal", f"kode wilayah {cell['code']!r} tidak dikenal "
                        "(gunakan kode Kemendagri provinsi atau kabupaten/kota, mis. 53.71 atau 5371).")
            elif cell.get("name"):
                found = regions.by_label(cell["name"])
                if len(found) == 1:
                    region = found[0]
                elif not found:
                    bad("name", "nama_wilayah_tidak_dikenal", f"wilayah {cell['name']!r} tidak ditemukan.")
                else:
                    bad("name", "nama_wilayah_ambigu", f"nama {cell['name']!r} cocok dengan beberapa wilayah "
                        f"({', '.join(found)}); isi kolom Kode Wilayah.")
            else:
                bad("code" if "code" in columns else "name", "wilayah_kosong", "wilayah kosong.")
            year = None
            if re.fullmatch(r"\d{4}(\.0+)?", cell.get("year", "")):
                year = int(cell["year"][:4])
                if not 2000 <= year <= this_year:
                    bad("year", "tahun_di_luar_rentang", f"tahun {year} di luar 2000–{this_year}.")
                    year = None
            else:
                bad("year", "tahun_tidak_valid", f"tahun {cell.get('year')!r} bukan tahun empat digit.")
            value = None
            raw = cell.get("value", "").replace(" ", "")
            # Indonesian grouping first: "140.000" is a hundred and forty thousand, not 140.0.
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
                value = int(raw.replace(".", ""))
            elif re.fullmatch(r"\d+(\.0+)?", raw):  # a spreadsheet number written as 1676573.0
                value = int(raw.split(".")[0])
            else:
                bad("value", "jumlah_tidak_valid", f"jumlah {cell.get('value')!r} bukan bilangan bulat orang "
                    "(tulis 1.676.573 atau 1676573; tabel dalam ribu jiwa dikonversi dulu).")
            sector = cell.get("sector", "").upper()
            if sector and sector not in KBLI_LETTERS:
                bad("sector", "sektor_tidak_dikenal", f"sektor {cell['sector']!r} bukan huruf kategori KBLI (A–U).")
            status = STATUS_WORDS.get(cell.get("status", "").lower())
            if status is None:
                bad("status", "status_tidak_dikenal", f"status pekerjaan {cell['status']!r} tidak dikenal "
                    "(formal, informal, atau kosong).")
            category = CATEGORY_WORDS.get(re.sub(r"\s+", " ", cell.get("category", "").lower()))
            if category is None:
                bad("category", "kategori_tidak_dikenal", f"kategori {cell['category']!r} tidak dikenal (penduduk "
                    "bekerja, ASN/TNI/Polri, pekerja keluarga).")
            period = (cell.get("period") or self.period).lower()
            if period not in PERIODS:
                bad("period", "periode_tidak_dikenal", f"periode {cell.get('period')!r} tidak dikenal "
                    f"({', '.join(PERIODS)}).")
            if len(errors) > problems_before:
                continue
            key = (region, year, period, sector, status, category)
            if key in seen:
                bad("value", "baris_ganda", f"wilayah, tahun, periode, sektor, status dan kategori yang sama sudah "
                    f"ada di baris {seen[key]}; berkas tidak boleh bertentangan dengan dirinya sendiri.")
                continue
            seen[key] = row
            rows.append(WorkforceEstimate(
                region_id=region, year=year, period=period, sector=sector, employment_status=status,
                category=category, value=value, source=self.source, publication=self.publication,
                definition=self.definition if category == "workforce" else CATEGORY_WORDS_LABEL[category],
                confidence=self.confidence, imported_at=now))
        return rows, errors


CATEGORY_WORDS_LABEL = {"asn_tni_polri": "ASN, TNI dan Polri", "family_workers": "pekerja keluarga tidak dibayar"}


def sakernas_example(path: Path, rows: list[tuple[str, str, int, int]]) -> Path:
    """Write a small BPS-style CSV (Kode Wilayah; Kabupaten/Kota; Tahun; Penduduk Bekerja) for the demo and
    the tests."""
    lines = ["Kode Wilayah;Kabupaten/Kota;Tahun;Penduduk Bekerja"]
    lines += [f"{code};{name};{year};{value}" for code, name, year, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

