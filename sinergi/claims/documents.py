"""The documents a claim needs, per programme and event: the checklist a claims officer ticks off.

This is data, kept in one table beside the claims app rather than in ``rules/parameters`` because it is an
administrative checklist, not a legal quantity with a value per date: the parameter loader's units (rate,
rupiah, months…) do not describe it. Each entry names where it comes from and how sure we are, with the
confidence tags of docs/rules.md (C1 the regulation's text … R recalled). None of it was confirmed from the
regulation's own text in this repository, so every list is tagged C3 and the officer may add a note on
the claim when the branch asks for something else; changing a list here changes new claims only (a claim
keeps the checklist it was registered with, in its ``ClaimDocument`` rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentRule:
    code: str
    label: object  # lazy translation


@dataclass(frozen=True)
class Checklist:
    documents: tuple[DocumentRule, ...]
    source: str
    confidence: str


_KTP = DocumentRule("ktp", _("KTP/NIK peserta"))
_KPJ = DocumentRule("kpj", _("Kartu peserta (KPJ)"))
_BANK = DocumentRule("bank_book", _("Buku tabungan atas nama penerima manfaat"))
_KTP_HEIR = DocumentRule("ktp_heir", _("KTP ahli waris"))
_FAMILY = DocumentRule("family_card", _("Kartu Keluarga"))
_DEATH = DocumentRule("death_certificate", _("Akta/surat keterangan kematian"))
_HEIR = DocumentRule("heir_statement", _("Surat keterangan ahli waris"))
_ACCIDENT = DocumentRule("accident_report", _("Laporan kecelakaan kerja tahap I"))
_MEDICAL = DocumentRule("medical_report", _("Laporan tahap II dan surat keterangan dokter"))

_JKK_JKM = "Permenaker 5/2021 (tata cara penyelenggaraan JKK, JKM dan JHT), persyaratan klaim"
_JKP = "Permenaker 15/2021 (tata cara penyelenggaraan JKP), persyaratan pengajuan manfaat"

# (programme, event) -> checklist. Programmes and events are the codes of Claim.Programme and Claim.Event.
CHECKLISTS: dict[tuple[str, str], Checklist] = {
    ("jkk", "accident"): Checklist((_KTP, _KPJ, _ACCIDENT, _MEDICAL, _BANK), _JKK_JKM, "C3"),
    ("jkk", "accident_disability"): Checklist((_KTP, _KPJ, _ACCIDENT, _MEDICAL, _BANK), _JKK_JKM, "C3"),
    ("jkk", "accident_death"): Checklist((_KPJ, _ACCIDENT, _DEATH, _FAMILY, _HEIR, _KTP_HEIR, _BANK), _JKK_JKM,
                                         "C3"),
    ("jkm", "death"): Checklist((_KPJ, _DEATH, _FAMILY, _HEIR, _KTP_HEIR, _BANK), _JKK_JKM, "C3"),
    ("jkp", "dismissal"): Checklist((_KTP, _KPJ, DocumentRule("phk_proof", _(
        "Bukti PHK: surat PHK dan tanda terimanya, perjanjian bersama, atau putusan pengadilan hubungan industrial"
    )), _BANK), _JKP, "C3"),
}


def checklist_for(programme: str, event: str) -> Checklist | None:
    return CHECKLISTS.get((programme, event))
