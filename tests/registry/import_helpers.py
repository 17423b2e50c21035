"""Files and records for the import tests: CSV and XLSX written in the test, NIKs that pass the rules."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import xlsxwriter

from sinergi.registry.models import Employer, Employment, Worker
from tests.world import unit


def nik(day: int, month: int, yy: int, seq: int, *, female: bool = False, district: str = "647101") -> str:
    """A plausible NIK of Kota Balikpapan: region, birth date (+40 for women), sequence."""
    return f"{district}{day + (40 if female else 0):02d}{month:02d}{yy:02d}{seq:04d}"


def csv_file(folder: Path, rows: list[list[str]], *, name: str = "data.csv", sep: str = ",",
             encoding: str = "utf-8", bom: bool = False) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def xlsx_file(folder: Path, rows: list[list[object]], *, name: str = "data.xlsx") -> Path:
    """Strings as text cells, ints and floats as numbers, dates as Excel dates: what Excel users produce."""
    path = folder / name
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("Data")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    workbook.close()
    return path


def report_lines(report: bytes) -> list[dict]:
    """The "Kesalahan" sheet of a report, every cell as text."""
    frame = pl.read_excel(io.BytesIO(report), sheet_name="Kesalahan", engine="calamine",
                          read_options={"dtypes": "string"})
    return [row for row in frame.to_dicts() if row.get("Kode")]


def report_summary(report: bytes) -> dict[str, str]:
    frame = pl.read_excel(io.BytesIO(report), sheet_name="Ringkasan", engine="calamine", has_header=False,
                          read_options={"dtypes": "string"})
    return {row[0]: row[1] for row in frame.iter_rows()}


def codes(result) -> set[tuple[int | None, str]]:
    return {(e.row, e.code) for e in result.errors}


def employer(npp: str, *, branch: str = "bpjs-cabang-balikpapan", name: str = "PT Uji Coba",
             risk: int = 1) -> Employer:
    return Employer.objects.create(npp=npp, name=name, branch=unit(branch), registered_on=dt.date(2020, 1, 2),
                                   jkk_risk_group=risk)


def worker(nik_value: str, name: str = "Tenaga Kerja Uji") -> Worker:
    return Worker.objects.create(nik=nik_value, name=name)


def employment(who: Worker, where: Employer, start: dt.date = dt.date(2024, 1, 1), end: dt.date | None = None):
    return Employment.objects.create(worker=who, employer=where, start_date=start, end_date=end)
