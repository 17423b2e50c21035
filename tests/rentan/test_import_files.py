"""Whatever file Fitri uploads — random bytes, Windows-1252, BOMs, semicolons, merged cells, formulas, no rows,
one column — the import ends in a batch that reports every row's status or is refused with a reason, never an
exception. And the NIK checks written as polars agree with ``sinergi.rules.nik.nik_check``."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinergi.rentan.imports.checks import nik_columns
from sinergi.rentan.imports.services import rentan_import
from sinergi.rentan.models import Candidate, ImportBatch
from sinergi.rules.nik import nik_check
from tests.rentan.import_helpers import HEADER, MAN, WOMAN, dtks_csv, row
from tests.world import person as user

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome_is_sound(batch: ImportBatch) -> None:
    """A batch either has a status for every row (and the counts add up) or is refused with a reason."""
    rows = Candidate.objects.filter(batch=batch).count()
    if batch.status == ImportBatch.Status.REFUSED:
        assert batch.refusal and rows == 0
    else:
        assert batch.status == ImportBatch.Status.DONE
        counts = batch.counts
        assert counts["rows"] == rows == sum(counts[s] for s in Candidate.Status.values)
    assert batch.report_path


def run(programme, path):
    return rentan_import(programme=programme, path=path, file_name=path.name, actor=user("fitri"))


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_crash_the_import(programme, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "acak.csv"
    path.write_bytes(data)
    outcome_is_sound(run(programme, path))


CELLS = st.one_of(st.text(max_size=14), st.sampled_from([
    MAN, WOMAN, "6.40201E+15", "12/06/1985", "12 Juni 1985", "31210", "L", "P", "PEREMPUAN", "6402012001",
    "64.02.01.2001", "Petani", "=1+1", "=HYPERLINK(\"http://x\")", "José Ñoño", "", " ", "\"", ";", "0"]))


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=11), max_size=8),
       header=st.lists(st.sampled_from([*HEADER, "Nama Lengkap", "jk", "CATATAN", ""]), min_size=1, max_size=11),
       sep=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]),
       bom=st.booleans())
def test_odd_csv_files_end_in_statuses_or_a_refusal(programme, tmp_path_factory, rows, header, sep, encoding, bom):
    folder = tmp_path_factory.mktemp("fuzz")
    lines = [sep.join(header), *[sep.join(r) for r in rows]]
    text = "\r\n".join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path = folder / "dtks.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom and encoding == "utf-8" else b"") + data)
    outcome_is_sound(run(programme, path))


XLSX_CELLS = st.one_of(st.none(), st.integers(-10**17, 10**17), st.floats(allow_nan=False, allow_infinity=False),
                       st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)), CELLS)


@FUZZ
@given(rows=st.lists(st.lists(XLSX_CELLS, max_size=11), max_size=6), merge=st.booleans(), formula=st.booleans(),
       header=st.permutations(HEADER))
def test_odd_xlsx_files_with_merged_cells_and_formulas_end_in_statuses_or_a_refusal(
        programme, tmp_path_factory, rows, merge, formula, header):
    path = tmp_path_factory.mktemp("fuzz") / "dtks.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, header)
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()))
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    if merge:
        sheet.merge_range(1, 0, 2, 2, "Digabung")
    if formula:
        sheet.write_formula(len(rows) + 1, 2, "=CONCATENATE(\"Siti\",\" Aminah\")", None, "Siti Aminah")
    workbook.close()
    outcome_is_sound(run(programme, path))


def test_a_file_with_only_a_header_is_refused(programme, tmp_path):
    batch = run(programme, dtks_csv(tmp_path, [], header=HEADER))
    assert batch.status == "refused" and "tidak berisi baris data" in batch.refusal


def test_a_file_with_one_column_is_refused_naming_the_missing_ones(programme, tmp_path):
    path = tmp_path / "satu.csv"
    path.write_text("NIK\n6402011206850001\n6402015206850002\n", encoding="utf-8")
    batch = run(programme, path)
    assert batch.status == "refused" and "NO_KK" in batch.refusal and "PEKERJAAN" in batch.refusal


def test_a_windows_1252_file_with_a_semicolon_and_accents_is_read(programme, tmp_path):
    path = dtks_csv(tmp_path, [row(NAMA="José Muñoz")], encoding="cp1252", sep=";")
    candidate = Candidate.objects.get(batch=run(programme, path))
    assert (candidate.name, candidate.status) == ("José Muñoz", "valid")


def test_a_utf8_file_with_a_bom_and_commas_is_read(programme, tmp_path):
    path = dtks_csv(tmp_path, [row()], bom=True, sep=",")
    assert Candidate.objects.get(batch=run(programme, path)).status == "valid"


def test_an_xlsx_with_numbers_dates_and_a_formula_name_is_read_as_text(programme, tmp_path):
    path = tmp_path / "dtks.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_string(1, 0, MAN)
    sheet.write_number(1, 1, 6402011001200001)
    sheet.write_formula(1, 2, "=\"Rahmat \"&\"Hidayat\"", None, "Rahmat Hidayat")
    sheet.write_datetime(1, 3, dt.datetime.combine(dt.date(1985, 6, 12), dt.time()), workbook.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write_row(1, 4, ["L", "Jl. Poros", "64.02.01.2001", "Petani"])
    workbook.close()
    candidate = Candidate.objects.get(batch=run(programme, path))
    assert (candidate.birth_date, candidate.name, candidate.status) == (dt.date(1985, 6, 12), "Rahmat Hidayat",
                                                                         "valid")


# --- the NIK rule, set-wise ------------------------------------------------------------------------------------

NIKS = st.one_of(
    st.from_regex(r"\A(64|65|11|00)(0[0-9]|1[0-9])(0[0-9])([0-7][0-9])(0[0-9]|1[0-4])([0-9]{2})([0-9]{4})\Z"),
    st.from_regex(r"\A'?[0-9 .\-]{10,20}(\.0)?\Z"),
    st.from_regex(r"\A[0-9]\.[0-9]{1,5}E\+1[0-9]\Z"),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(NIKS, min_size=1, max_size=40))
def test_the_polars_nik_check_agrees_with_the_rule(values):
    today = dt.date(2025, 6, 1)
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    parsed = nik_columns(frame, "raw", today=today, female_day_offset=40)
    for value, error, birth, sex in parsed.select("raw", "nik_error", "nik_birth", "nik_sex").iter_rows():
        rule = nik_check(value, today=today)
        assert (error is None) == rule.valid, value
        if rule.valid:
            assert (birth, sex) == (rule.birth_date, rule.sex), value
        elif any(e.code == "excel_scientific" for e in rule.errors):
            assert error == "nik_excel_damaged", value
