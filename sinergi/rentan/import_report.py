"""The per-row report of a DTKS import, as an XLSX workbook in Indonesian.

Sheet "Ringkasan": the file, the programme, who imported it, the counts per status (or the refusal).
Sheet "Baris bermasalah": one line per row that is not ``valid`` — Baris, NIK, Nama, Tanggal lahir, Jenis
kelamin, Kode desa, Pekerjaan, Status, Alasan (the Indonesian sentence of every reason code), Kode alasan and
the row it duplicates — sorted by row, so the data officer can fix the file or the rows in Sinergi. Valid rows
are not repeated: they are in Sinergi, on their way to the OPD, and a 90.000-row sheet of "valid" would bury
the 30.000 that need work.

NIK: the report is written for the data officer who imported the file. It shows the full NIK when the
importer's role sees full NIKs (``registry.services.user_sees_full_nik``: Dinsos data officers do) or when
the system imported it (``actor=None``: the CLI, run by an operator on the server who has the file anyway);
otherwise ``nik[:6]******nik[12:]``.

Every text cell goes through ``sinergi.spreadsheets.neutralise``: the report repeats names from an untrusted
file (a name typed as ``=HYPERLINK(…)`` stays text).
"""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter
from django.utils import timezone

from sinergi.rentan.import_checks import REASONS
from sinergi.rentan.models import Candidate, ImportBatch
from sinergi.spreadsheets import neutralise

HEADERS = ["Baris", "NIK", "Nama", "Tanggal lahir", "Jenis kelamin", "Kode desa", "Pekerjaan", "Status",
           "Alasan", "Kode alasan", "Ganda dengan baris"]
SEX = {"M": "Laki-laki", "F": "Perempuan"}


def report_build(*, batch: ImportBatch, frame: pl.DataFrame | None, pairs: pl.DataFrame, unknown: list[str],
                 actor, full_nik: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "constant_memory": True,
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    overview = workbook.add_worksheet("Ringkasan")
    overview.set_column(0, 0, 34)
    overview.set_column(1, 1, 80)
    statuses = dict(Candidate.Status.choices)
    summary: list[tuple[str, object]] = [
        ("Program", f"{batch.programme.code} — {batch.programme.name}"),
        ("Batch", batch.number), ("Berkas", batch.file_name),
        ("Diimpor oleh", getattr(actor, "username", "") or "sistem"),
        ("Waktu", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
        ("Hasil", batch.get_status_display()),
    ]
    if batch.refusal:
        summary.append(("Alasan penolakan", batch.refusal))
    else:
        summary.append(("Baris data", batch.counts.get("rows", 0)))
        summary.extend((str(label), batch.counts.get(value, 0)) for value, label in statuses.items())
        summary.append(("Pasangan kemungkinan ganda", batch.counts.get("pairs", 0)))
    if unknown:
        summary.append(("Kolom lain (disimpan apa adanya)", ", ".join(unknown)))
    summary.append(("NIK dalam laporan", "lengkap" if full_nik else "disamarkan (UU 27/2022)"))
    for index, (label, value) in enumerate(summary):
        overview.write_string(index, 0, neutralise(label), bold)
        if isinstance(value, int) and not isinstance(value, bool):
            overview.write_number(index, 1, value)
        else:
            overview.write_string(index, 1, neutralise(value))

    sheet = workbook.add_worksheet("Baris bermasalah")
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title, bold)
    sheet.freeze_panes(1, 0)
    for col, width in enumerate((7, 20, 30, 13, 12, 15, 22, 26, 70, 30, 10)):
        sheet.set_column(col, col, width)
    out = 1
    if frame is not None:
        lines = _lines(frame, pairs, full_nik)
        texts = {code: str(text) for code, text in REASONS.items()}
        for record in lines.iter_rows():
            row, nik, name, born, sex, village, occupation, status, codes, other = record
            sheet.write_number(out, 0, row)
            sheet.write_string(out, 1, neutralise(nik))
            sheet.write_string(out, 2, neutralise(name))
            sheet.write_string(out, 3, born.strftime("%d/%m/%Y") if born else "")
            sheet.write_string(out, 4, SEX.get(sex or "", ""))
            sheet.write_string(out, 5, neutralise(village))
            sheet.write_string(out, 6, neutralise(occupation))
            sheet.write_string(out, 7, str(statuses.get(status, status)))
            sheet.write_string(out, 8, neutralise(" ".join(texts.get(c, c) for c in codes) or _why(status)))
            sheet.write_string(out, 9, neutralise(",".join(codes)))
            if other is not None:
                sheet.write_number(out, 10, other)
            out += 1
    if out == 1:
        sheet.write_string(1, 8, "Tidak ada baris bermasalah." if frame is not None else "Berkas ditolak.")
    workbook.close()
    return buffer.getvalue()


def _why(status: str) -> str:
    return {
        Candidate.Status.DUPLICATE_IN_FILE: "NIK yang sama sudah ada di baris sebelumnya dalam berkas ini.",
        Candidate.Status.DUPLICATE_IN_PROGRAMME: "NIK ini sudah terdaftar di batch sebelumnya program ini.",
        Candidate.Status.ALREADY_PARTICIPANT: "Sudah menjadi peserta aktif BPJS Ketenagakerjaan (PU atau BPU): "
                                              "tidak boleh didaftarkan ganda.",
        Candidate.Status.REVIEW: "Kemungkinan orang yang sama dengan baris lain (nama mirip, tanggal lahir dan desa "
                                 "sama); menunggu keputusan peninjau.",
    }.get(status, "")


def _lines(frame: pl.DataFrame, pairs: pl.DataFrame, full_nik: bool) -> pl.DataFrame:
    nik = pl.col("nik").fill_null("")
    shown = nik if full_nik else pl.when(nik.str.len_chars() == 16).then(
        pl.concat_str(nik.str.slice(0, 6), pl.lit("******"), nik.str.slice(12))).otherwise(pl.lit("****"))
    firsts = frame.filter(pl.col("status") != "invalid").group_by("nik").agg(pl.col("_row").min().alias("_first"))
    other_rows = pairs.filter(pl.col("other_row").is_not_null()).group_by("row").agg(
        pl.col("other_row").min().alias("_pair"))
    lines = (frame.filter(pl.col("status") != "valid")
             .join(firsts, on="nik", how="left", maintain_order="left")
             .join(other_rows, left_on="_row", right_on="row", how="left", maintain_order="left"))
    return lines.sort("_row").select(
        "_row", shown.alias("nik"), pl.col("name").fill_null(pl.col("raw:name")).fill_null(""), "birth_date",
        "sex", pl.col("village_code").fill_null(pl.col("raw:village_code")).fill_null(""),
        pl.col("occupation").fill_null(""), "status", "reasons",
        pl.when(pl.col("status") == "duplicate_in_file").then(pl.col("_first"))
        .when(pl.col("status") == "review").then(pl.col("_pair")).alias("other"),
    )
