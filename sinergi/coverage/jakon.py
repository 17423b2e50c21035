"""Construction projects (Jakon): the procurement-list import, exact matching, registration, prospects.

- ``projects_import(path, branch, actor)``: a procurement list (e.g. an LPSE/SIRUP export or a Pemda's list
  of contracts) as CSV/XLSX with ``Nomor Kontrak``, ``Nama Paket``, ``Pemilik``, ``Jenis Pemilik``,
  ``Nilai Kontrak`` and optionally ``NPWP Penyedia``, ``Nama Penyedia``, ``Tgl Mulai``, ``Tgl Selesai``,
  ``Kode Wilayah``, ``Sumber Dana``. Same policy as the other imports: per-row errors in Indonesian (row and
  column), all or nothing, one audit event; idempotent (the contract number is the key: an existing project
  is updated, its registration kept). Matching is exact only: the contract number to a known project, the
  contractor's NPWP (15 or 16 digits) to an employer of the registry — no fuzzy guesses.
- ``project_register(project, employer, actor)``: BPJS links the project to its registration (an employer
  marked as a construction project), in one transaction with an audit event.
- ``projects_unregistered(user)``: the projects not yet registered, per owner, with their value and the
  estimated JKK+JKM contribution of each (``rules.coverage.jakon_contribution``, brackets of confidence R).

Not built: billing a registered project's contribution through the ledger (the brackets give JKK+JKM
together and no stored source says how they split; see docs/coverage.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from sinergi import clock
from sinergi.audit.services import audit_record, snapshot
from sinergi.coverage.imports import _header
from sinergi.coverage.models import ConstructionProject
from sinergi.formatting import parse_indonesian_date
from sinergi.orgs.scoping import scoped, user_can
from sinergi.regions.models import Region
from sinergi.registry.models import Employer
from sinergi.rules.coverage import jakon_contribution
from sinergi.tables import TableRefused, table_read

COLUMNS = {
    "contract_number": ("NOMOR_KONTRAK", "NO_KONTRAK", "NOMOR_SPK", "NO_SPK"),
    "name": ("NAMA_PAKET", "NAMA_PROYEK", "NAMA_PEKERJAAN"),
    "owner_name": ("PEMILIK", "PEMILIK_PROYEK", "INSTANSI", "SATKER", "NAMA_SATKER"),
    "owner_kind": ("JENIS_PEMILIK", "JENIS_INSTANSI", "KATEGORI_PEMILIK"),
    "value": ("NILAI_KONTRAK", "NILAI", "NILAI_PAGU_KONTRAK"),
    "contractor_npwp": ("NPWP_PENYEDIA", "NPWP"),
    "contractor_name": ("NAMA_PENYEDIA", "PENYEDIA"),
    "start_date": ("TGL_MULAI", "TANGGAL_MULAI", "MULAI"),
    "end_date": ("TGL_SELESAI", "TANGGAL_SELESAI", "SELESAI"),
    "region": ("KODE_WILAYAH", "WILAYAH"),
    "funding_source": ("SUMBER_DANA",),
}
REQUIRED = {"contract_number": "Nomor Kontrak", "name": "Nama Paket", "owner_name": "Pemilik",
            "owner_kind": "Jenis Pemilik", "value": "Nilai Kontrak"}
OWNER_WORDS = {
    "apbn": "apbn", "kementerian": "apbn", "k/l": "apbn",
    "apbd provinsi": "apbd_province", "apbd prov": "apbd_province", "provinsi": "apbd_province",
    "apbd kabupaten": "apbd_regency", "apbd kabupaten/kota": "apbd_regency", "apbd kota": "apbd_regency",
    "apbd kab": "apbd_regency", "kabupaten": "apbd_regency", "kota": "apbd_regency",
    "bumn": "bumn", "bumd": "bumn", "bumn/bumd": "bumn", "swasta": "private", "private": "private",
}


@dataclass
class ProjectImportResult:
    status: str  # applied | rejected | refused
    message: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    matched_contractors: int = 0
    errors: list[tuple[int | None, str, str, str]] = field(default_factory=list)

    def counts(self) -> dict:
        return {"status": self.status, "message": self.message, "rows": self.rows, "inserted": self.inserted,
                "updated": self.updated, "matched_contractors": self.matched_contractors,
                "invalid_rows": len({e[0] for e in self.errors})}


def _date(text: str):
    """dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd (with a time, as calamine writes dates) or ``12 Juni 2025``."""
    import datetime as dt

    text = text.strip()
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", "ymd"), (r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", "dmy")):
        match = re.fullmatch(pattern, text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return parse_indonesian_date(text)


def _value(raw: str) -> int | None:
    text = raw.replace(" ", "").removeprefix("Rp").removeprefix("rp")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,0+)?", text):
        return int(text.split(",")[0].replace(".", ""))
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(text.split(".")[0])
    return None


def projects_import(*, path: str | Path, branch, actor) -> ProjectImportResult:
    """Import a procurement list for ``branch`` (the BPJS office that follows the projects up)."""
    try:
        if actor is not None and not user_can(actor, "coverage.manage"):
            raise TableRefused("tidak_berwenang", "Anda tidak berwenang mengimpor daftar proyek konstruksi.")
        table = table_read(path)
    except TableRefused as refusal:
        return ProjectImportResult("refused", refusal.message, errors=[(None, "", refusal.code, refusal.message)])
    frame = table.frame
    columns: dict[str, str] = {}
    for header in frame.columns:
        for name, aliases in COLUMNS.items():
            if _header(header) in aliases and name not in columns:
                columns[name] = header
    missing = [label for name, label in REQUIRED.items() if name not in columns]
    if missing:
        message = "Kolom wajib tidak ditemukan: " + ", ".join(missing) + "."
        return ProjectImportResult("refused", message, errors=[(None, "", "kolom_wajib_tidak_ada", message)])
    first_row = table.header_row + 1
    values = {name: frame.get_column(header).to_list() for name, header in columns.items()}
    regions = set(Region.objects.filter(level__lte=2).values_list("code", flat=True))
    errors: list[tuple[int, str, str, str]] = []
    parsed: list[dict] = []
    seen: dict[str, int] = {}
    for index in range(frame.height):
        row = first_row + index
        cell = {name: (column[index] or "").strip() for name, column in values.items()}
        if not any(cell.values()):
            continue
        before = len(errors)

        def bad(name, code, message, row=row):
            errors.append((row, columns.get(name, ""), code, f"Baris {row}, kolom {columns.get(name, name)}: {message}"))

        for name, label in REQUIRED.items():
            if not cell.get(name):
                bad(name, "wajib_diisi", f"{label} wajib diisi.")
        kind = OWNER_WORDS.get(cell.get("owner_kind", "").lower())
        if cell.get("owner_kind") and kind is None:
            bad("owner_kind", "jenis_pemilik_tidak_dikenal", f"jenis pemilik {cell['owner_kind']!r} tidak dikenal "
                "(APBN, APBD provinsi, APBD kabupaten/kota, BUMN, swasta).")
        value = _value(cell.get("value", "")) if cell.get("value") else None
        if cell.get("value") and value is None:
            bad("value", "nilai_tidak_valid", f"nilai kontrak {cell['value']!r} bukan jumlah rupiah bulat.")
        npwp = re.sub(r"[.\-\s]", "", cell.get("contractor_npwp", ""))
        if npwp and not re.fullmatch(r"\d{15}|\d{16}", npwp):
            bad("contractor_npwp", "npwp_tidak_valid", "NPWP harus 15 atau 16 digit angka.")
        dates = {}
        for name in ("start_date", "end_date"):
            if cell.get(name):
                dates[name] = _date(cell[name])
                if dates[name] is None:
                    bad(name, "tanggal_tidak_valid", f"tanggal {cell[name]!r} tidak dikenali (HH/BB/TTTT).")
        region = cell.get("region", "").replace(" ", "")
        if re.fullmatch(r"\d{4}", region):
            region = f"{region[:2]}.{region[2:]}"
        if region and region not in regions:
            bad("region", "kode_wilayah_tidak_dikenal", f"kode wilayah {cell['region']!r} tidak dikenal.")
        number = cell.get("contract_number", "")
        if number and number in seen:
            bad("contract_number", "kunci_ganda", f"nomor kontrak {number!r} sudah ada di baris {seen[number]}.")
        if len(errors) > before:
            continue
        seen[number] = row
        parsed.append({"contract_number": number, "name": cell["name"][:300], "owner_kind": kind,
                       "owner_name": cell["owner_name"][:200], "value": Decimal(value),
                       "contractor_npwp": npwp, "contractor_name": cell.get("contractor_name", "")[:200],
                       "start_date": dates.get("start_date"), "end_date": dates.get("end_date"),
                       "region_id": region or None, "funding_source": cell.get("funding_source", "")[:100]})
    result = ProjectImportResult("applied", "", rows=len(parsed) + len({e[0] for e in errors}), errors=errors)
    if errors:
        result.status = "rejected"
        result.message = (f"Impor dibatalkan: {len({e[0] for e in errors})} baris tidak valid, sehingga tidak ada "
                          "data yang ditulis. Perbaiki baris yang tercantum lalu impor ulang.")
        return result
    with transaction.atomic():
        npwps = {p["contractor_npwp"] for p in parsed if p["contractor_npwp"]}
        contractors = dict(Employer.objects.filter(npwp__in=npwps, is_construction_project=False)
                           .order_by("-id").values_list("npwp", "id"))
        existing = {p.contract_number: p for p in ConstructionProject.objects.select_for_update().filter(
            contract_number__in=[p["contract_number"] for p in parsed])}
        now, new, changed = clock.now(), [], []
        fields = ["name", "owner_kind", "owner_name", "value", "contractor_npwp", "contractor_name", "start_date",
                  "end_date", "region_id", "funding_source", "contractor_id", "imported_at"]
        for p in parsed:
            p["contractor_id"] = contractors.get(p["contractor_npwp"])
            p["imported_at"] = now
            project = existing.get(p["contract_number"])
            if project is None:
                new.append(ConstructionProject(branch=branch, **p))
            else:
                for name in fields:
                    setattr(project, name, p[name])
                changed.append(project)
        ConstructionProject.objects.bulk_create(new, batch_size=1000)
        ConstructionProject.objects.bulk_update(changed, fields, batch_size=1000)
        result.inserted, result.updated = len(new), len(changed)
        result.matched_contractors = sum(1 for p in parsed if p["contractor_id"])
        result.message = (f"Impor selesai: {len(new)} proyek baru, {len(changed)} diperbarui, "
                          f"{result.matched_contractors} penyedia dikenali lewat NPWP.")
        audit_record(actor=actor, action="coverage.projects_import", object_type="coverage.projects",
                     object_id=str(getattr(branch, "pk", "")), object_repr=f"Daftar proyek {Path(path).name}",
                     scope_unit=branch, after=result.counts())
    return result


@transaction.atomic
def project_register(*, project: ConstructionProject, employer: Employer, actor) -> ConstructionProject:
    """Link a project to its BPJS registration (an employer marked as a construction project)."""
    if not employer.is_construction_project:
        raise ValidationError("Pemberi kerja ini bukan pendaftaran proyek jasa konstruksi.")
    locked = ConstructionProject.objects.select_for_update().get(pk=project.pk)
    before = snapshot(locked, ["employer"])
    locked.employer = employer
    locked.save(update_fields=["employer"])
    audit_record(actor=actor, action="coverage.project_register", obj=locked, before=before,
                 after={"employer": employer.npp})
    return locked


@dataclass
class OwnerRow:
    owner_name: str
    owner_kind: str
    projects: int
    value: Decimal
    estimated: Decimal
    items: list = field(default_factory=list)  # (project, JakonResult)


def projects_unregistered(*, user) -> list[OwnerRow]:
    """Projects not yet registered, per owner, largest estimated contribution first."""
    qs = ConstructionProject.objects.all() if user is None else scoped(ConstructionProject, user)
    owners: dict[tuple[str, str], OwnerRow] = {}
    for project in qs.filter(employer__isnull=True).select_related("region").order_by("owner_name", "-value"):
        on = project.start_date or clock.today()
        estimate = jakon_contribution(contract_value=project.value, on=on)
        row = owners.setdefault((project.owner_name, project.owner_kind), OwnerRow(
            project.owner_name, project.get_owner_kind_display(), 0, Decimal(0), Decimal(0)))
        row.projects += 1
        row.value += project.value
        row.estimated += estimate.amount
        row.items.append((project, estimate))
    return sorted(owners.values(), key=lambda r: -r.estimated)
