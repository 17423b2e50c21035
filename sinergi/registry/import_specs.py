"""What each kind of registry import reads: its columns and header aliases, the keys that identify a record,
the table it writes and the defaults of new records, and the words a file may use for fixed values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sinergi.registry.models import PROGRAMMES, Employer, Employment, WageReport, Worker

KINDS = ("employers", "workers", "employment", "wages")
KIND_LABELS = {"employers": _("pemberi kerja"), "workers": _("tenaga kerja"), "employment": _("hubungan kerja"),
               "wages": _("laporan upah")}


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]  # normalised header names; the first is the one shown in messages
    required: bool = False


C = Column
_FLAGS = tuple(C(p, (p.upper(), f"PROGRAM_{p.upper()}", f"IKUT_{p.upper()}")) for p in PROGRAMMES)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "employers": (
        C("npp", ("NPP", "NO_NPP", "NOMOR_NPP", "NOMOR_PENDAFTARAN_PERUSAHAAN"), True),
        C("name", ("NAMA_PERUSAHAAN", "NAMA", "NAMA_BADAN_USAHA", "NAMA_PEMBERI_KERJA", "NAMA_PK"), True),
        C("npwp", ("NPWP", "NO_NPWP", "NOMOR_NPWP")),
        C("kbli", ("KBLI", "KODE_KBLI")),
        C("size_class", ("SKALA_USAHA", "SKALA", "UKURAN_USAHA")),
        C("jkk_risk_group", ("KELOMPOK_RISIKO", "RISIKO_JKK", "KELOMPOK_RISIKO_JKK", "TINGKAT_RISIKO")),
        C("branch", ("KANTOR_CABANG", "KODE_CABANG", "CABANG", "KACAB"), True),
        C("region", ("KODE_WILAYAH", "WILAYAH", "KODE_WILAYAH_ALAMAT")),
        C("address", ("ALAMAT", "ALAMAT_PERUSAHAAN")),
        C("status", ("STATUS", "STATUS_KEPESERTAAN")),
        C("registered_on", ("TGL_TERDAFTAR", "TANGGAL_TERDAFTAR", "TGL_DAFTAR", "TANGGAL_DAFTAR"), True),
        C("is_construction_project", ("PROYEK_JAKON", "JAKON", "PROYEK_JASA_KONSTRUKSI")),
    ),
    "workers": (
        C("nik", ("NIK", "NO_NIK", "NOMOR_NIK", "NO_KTP", "NOMOR_INDUK_KEPENDUDUKAN"), True),
        C("kpj", ("KPJ", "NO_KPJ", "NOMOR_KPJ", "NO_PESERTA")),
        C("name", ("NAMA", "NAMA_TENAGA_KERJA", "NAMA_PESERTA", "NAMA_LENGKAP", "NAMA_TK"), True),
        C("birth_date", ("TGL_LAHIR", "TANGGAL_LAHIR")),
        C("sex", ("JENIS_KELAMIN", "JK", "KELAMIN", "L_P")),
        C("region", ("KODE_WILAYAH", "WILAYAH", "KODE_WILAYAH_DOMISILI")),
    ),
    "employment": (
        C("npp", ("NPP", "NO_NPP", "NOMOR_NPP"), True),
        C("nik", ("NIK", "NO_NIK", "NOMOR_NIK", "NO_KTP"), True),
        C("start_date", ("TGL_MULAI", "TANGGAL_MULAI", "MULAI", "TGL_MASUK", "TMT"), True),
        C("end_date", ("TGL_BERAKHIR", "TANGGAL_BERAKHIR", "TGL_SELESAI", "BERAKHIR", "TGL_KELUAR")),
        *_FLAGS,
    ),
    "wages": (
        C("npp", ("NPP", "NO_NPP", "NOMOR_NPP"), True),
        C("nik", ("NIK", "NO_NIK", "NOMOR_NIK", "NO_KTP"), True),
        C("effective_from", ("BERLAKU_MULAI", "TGL_BERLAKU", "TANGGAL_BERLAKU", "MULAI_BERLAKU", "TMT_UPAH"), True),
        C("wage", ("UPAH", "UPAH_DILAPORKAN", "GAJI", "UPAH_SEBULAN"), True),
        C("reported_on", ("TGL_LAPOR", "TANGGAL_LAPOR")),
    ),
}
# Keys that make two file rows "the same record" (parsed values, so 6471… and '6471… are one NIK).
FILE_KEYS = {"employers": ("npp",), "workers": ("nik",), "employment": ("npp", "nik", "start_date"),
             "wages": ("npp", "nik", "effective_from")}


@dataclass(frozen=True)
class Target:
    """How a kind's valid rows meet its table: keys, compared values, defaults for new rows."""

    model: type
    keys: tuple[str, ...]
    values: tuple[str, ...]
    defaults: dict[str, object]


TARGETS = {
    "employers": Target(Employer, ("npp",), (
        "name", "npwp", "kbli", "sector", "size_class", "jkk_risk_group", "branch_id", "region_id", "address",
        "status", "registered_on", "is_construction_project",
    ), {"npwp": "", "kbli": "", "sector": "", "size_class": Employer.Size.SMALL.value, "jkk_risk_group": 1,
        "address": "", "status": Employer.Status.ACTIVE.value, "is_construction_project": False}),
    "workers": Target(Worker, ("nik",), ("kpj", "name", "birth_date", "sex", "region_id"), {"sex": ""}),
    "employment": Target(Employment, ("worker_id", "employer_id", "start_date"), ("end_date", *PROGRAMMES),
                         dict.fromkeys(PROGRAMMES, True)),
    "wages": Target(WageReport, ("employment_id", "effective_from"), ("wage", "reported_on"), {}),
}

# KBLI 2020 (Peraturan BPS 2/2020) categories by two-digit division; the same 21 categories as ISIC Rev. 4.
_KBLI_RANGES = {"A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
                "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
                "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
                "S": (94, 96), "T": (97, 98), "U": (99, 99)}
KBLI_CATEGORY = {f"{d:02d}": cat for cat, (lo, hi) in _KBLI_RANGES.items() for d in range(lo, hi + 1)}

SIZES = {"MIKRO": "mikro", "USAHA MIKRO": "mikro", "MICRO": "mikro", "KECIL": "kecil", "USAHA KECIL": "kecil",
         "SMALL": "kecil", "MENENGAH": "menengah", "USAHA MENENGAH": "menengah", "MEDIUM": "menengah",
         "BESAR": "besar", "USAHA BESAR": "besar", "LARGE": "besar"}
STATUSES = {"AKTIF": "active", "ACTIVE": "active", "NONAKTIF": "non_active", "NON AKTIF": "non_active",
            "TIDAK AKTIF": "non_active", "NON ACTIVE": "non_active", "TUTUP": "closed", "CLOSED": "closed",
            "PAILIT": "bankrupt", "BANKRUPT": "bankrupt"}
SEXES = {"L": "M", "LAKI LAKI": "M", "LAKI": "M", "PRIA": "M", "M": "M", "MALE": "M",
         "P": "F", "PEREMPUAN": "F", "WANITA": "F", "W": "F", "F": "F", "FEMALE": "F"}


def normalise_header(text: str) -> str:
    """``Tgl. Lahir`` → ``TGL_LAHIR``: case, spaces and punctuation do not matter in a header."""
    return re.sub(r"[^A-Z0-9]+", "_", str(text).upper()).strip("_")
