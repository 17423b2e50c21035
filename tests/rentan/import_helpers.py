"""Small DTKS files for the import tests: one valid Kukar row, changed cell by cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from sinergi.registry.models import BpuParticipant, Worker
from tests.registry.factories import employer_make, employment_make
from tests.world import unit

HEADER = ["NIK", "NO_KK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT", "KODE_DESA", "PEKERJAAN", "DESIL",
          "NO_HP"]
# Perian, Muara Muntai (Kukar): a man born 12 June 1985 and a woman born the same day (+40 in the NIK).
VILLAGE = "64.02.01.2001"
MAN = "6402011206850001"
WOMAN = "6402015206850002"


def row(**cells) -> dict[str, str]:
    base = {"NIK": MAN, "NO_KK": "6402011001200001", "NAMA": "Rahmat Hidayat", "TGL_LAHIR": "12/06/1985",
            "JENIS_KELAMIN": "L", "ALAMAT": "Jl. Poros RT 003", "KODE_DESA": "6402012001", "PEKERJAAN": "Petani",
            "DESIL": "2", "NO_HP": "081234567890"}
    base.update(cells)
    return base


def person(n: int, **cells) -> dict[str, str]:
    """The n-th distinct valid man of Perian born 12 June 1985 (NIK sequence n)."""
    names = ["Ahmad Fauzan", "Budi Santoso", "Citra Lestari", "Dedi Kurniawan", "Erna Wahyuni", "Fajar Ramadhan",
             "Gusti Arsyad", "Hendra Wijaya", "Irwan Setiawan", "Joko Susanto"]
    return row(**{"NIK": f"6402011206850{n:03d}", "NAMA": names[n % 10], **cells})


def dtks_csv(folder: Path, rows: list[dict[str, str]], *, header: list[str] | None = None, name: str = "dtks.csv",
             sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> Path:
    header = header or list(rows[0].keys() if rows else HEADER)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    for item in rows:
        writer.writerow([item.get(h, "") for h in header])
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def insured(nik: str, *, how: str = "pu", ended: dt.date | None = None) -> Worker:
    """A registry worker with an employment (PU) or a self-paid BPU membership."""
    check_day = int(nik[6:8])
    sex = "F" if check_day > 40 else "M"
    day = check_day - 40 if check_day > 40 else check_day
    born = dt.date(1900 + int(nik[10:12]) if int(nik[10:12]) > 30 else 2000 + int(nik[10:12]), int(nik[8:10]), day)
    worker = Worker.objects.create(nik=nik, name="Sudah Peserta", birth_date=born, sex=sex)
    if how == "pu":
        employment_make(worker=worker, employer=employer_make(branch="bpjs-cabang-tenggarong"), end=ended,
                        start=dt.date(2020, 1, 1))
    else:
        BpuParticipant.objects.create(worker=worker, branch=unit("bpjs-cabang-tenggarong"), occupation="Petani",
                                      declared_income=1_000_000, start_date=dt.date(2021, 1, 1), end_date=ended)
    return worker
