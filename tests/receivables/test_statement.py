"""The employer statement (rekening koran): entries with a running balance that ends where the ledger
stands, as a page, an XLSX workbook and an A4 PDF, through the user's scope."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import polars as pl
import pytest
from django.http import Http404
from pypdf import PdfReader

from sinergi.audit.models import AuditEvent
from sinergi.clock import today
from sinergi.formatting import format_date, format_rupiah
from sinergi.receivables.ledger import employer_balance
from sinergi.receivables.payments import payment_allocate, payment_reverse
from sinergi.receivables.statement import EntryKind, net_balance, statement_build
from sinergi.receivables.statement_exports import XLSX_HEADER_ROW, statement_pdf
from sinergi.rules.periods import add_months
from tests.receivables.factories import adjust, bill, employer, pay, total

D = dt.date


def ledger_net(emp, as_of) -> Decimal:
    """What the ledger says the employer owes on ``as_of`` (negative: paid in excess)."""
    return net_balance(employer_balance(emp, as_of))


def pt_teluk(dimas, suffix: str = ""):
    """PT Teluk Balikpapan Sejahtera: six months billed, February corrected upward, January paid on time,
    a wrong March payment reversed, and a part of the arrears paid late in May."""
    emp = employer()
    bills = {m: bill(emp, f"2025-{m:02d}") for m in range(1, 7)}
    adjust(bills[2], "JHT", 114_000)
    payment_allocate(payment=pay(emp, total(), "2025-02-10", actor=dimas, reference=f"BNI-JAN{suffix}"), actor=dimas)
    wrong = pay(emp, 2_500_000, "2025-03-20", actor=dimas, reference=f"BNI-SALAH{suffix}")
    payment_allocate(payment=wrong, actor=dimas)
    payment_reverse(payment=wrong, reason="Salah pemberi kerja", actor=dimas)
    payment_allocate(payment=pay(emp, 3_000_000, "2025-05-05", actor=dimas, reference=f"BNI-MEI{suffix}"), actor=dimas)
    return emp


def test_the_closing_balance_is_what_the_ledger_says_on_the_last_day(world):
    dimas = world.person("dimas")
    emp = pt_teluk(dimas)
    for start, end in [(D(2025, 3, 1), D(2025, 7, 31)), (D(2025, 1, 1), D(2025, 12, 31)),
                       (D(2024, 6, 1), D(2025, 2, 9)), (D(2025, 2, 10), D(2025, 2, 10)),
                       (D(2025, 5, 6), D(2026, 1, 31))]:
        statement = statement_build(user=dimas, employer_pk=emp.pk, date_from=start, date_to=end)
        assert statement.opening == ledger_net(emp, start - dt.timedelta(days=1))
        assert statement.closing == ledger_net(emp, end), (start, end)
        assert statement.reconciles
        totals = statement.totals
        assert statement.closing == statement.opening + totals.debit - totals.credit


def test_the_statement_shows_bills_corrections_payments_the_reversal_and_denda(world):
    dimas = world.person("dimas")
    emp = pt_teluk(dimas)
    statement = statement_build(user=dimas, employer_pk=emp.pk, date_from=D(2025, 1, 1), date_to=D(2025, 7, 31))
    kinds = [(e.kind, e.on) for e in statement.entries]
    assert kinds[:4] == [(EntryKind.BILL, D(2025, 1, 1)), (EntryKind.BILL, D(2025, 2, 1)),
                         (EntryKind.ADJUSTMENT, D(2025, 2, 1)), (EntryKind.PAYMENT, D(2025, 2, 10))]
    correction = next(e for e in statement.entries if e.kind == EntryKind.ADJUSTMENT)
    assert correction.label == "Koreksi" and correction.debit == 114_000
    assert correction.description == "Koreksi iuran Februari 2025"
    assert dict(correction.programmes) == {"JHT": 114_000}

    wrong = [e for e in statement.entries if e.reference == "BNI-SALAH"]
    assert [(e.kind, e.credit, e.debit, e.reversed) for e in wrong] == [
        (EntryKind.PAYMENT, 2_500_000, 0, True), (EntryKind.REVERSAL, 0, 2_500_000, True)]
    assert wrong[1].note == "Salah pemberi kerja"
    assert all(a.reversed for a in wrong[0].allocations) and wrong[0].allocations
    assert wrong[0].balance - wrong[1].balance == -2_500_000  # the pair cancels out

    january = next(e for e in statement.entries if e.reference == "BNI-JAN")
    assert [(a.period, a.programme, a.amount) for a in january.allocations] == [
        (D(2025, 1, 1), "JKK", 178_000), (D(2025, 1, 1), "JKM", 60_000), (D(2025, 1, 1), "JHT", 1_140_000),
        (D(2025, 1, 1), "JP", 600_000)]

    denda = [e for e in statement.entries if e.kind == EntryKind.PENALTY]
    assert [e.period for e in denda] == [D(2025, m, 1) for m in range(2, 7)]  # January was paid on time
    assert all(e.on == D(2025, 7, 31) for e in denda)
    assert sum(e.debit for e in denda) == employer_balance(emp, D(2025, 7, 31)).penalties
    assert statement.entries[-1].kind == EntryKind.PENALTY


def test_an_overpayment_shows_as_a_negative_balance_kelebihan_bayar(world):
    dimas = world.person("dimas")
    emp = employer(name="CV Mahakam Jaya")
    bill(emp, "2025-01")
    payment_allocate(payment=pay(emp, total() + 250_000, "2025-02-10", actor=dimas), actor=dimas)
    statement = statement_build(user=dimas, employer_pk=emp.pk, date_from=D(2025, 1, 1), date_to=D(2025, 3, 31))
    assert statement.closing == -250_000 == ledger_net(emp, D(2025, 3, 31))
    assert statement.overpaid
    payment = next(e for e in statement.entries if e.kind == EntryKind.PAYMENT)
    assert payment.unallocated == 250_000


def test_dimas_of_balikpapan_sees_his_employers_statement(login, world):
    dimas = world.person("dimas")
    emp = pt_teluk(dimas)
    client = login("dimas")
    events = AuditEvent.objects.count()
    response = client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?dari=2025-01-01&sampai=2025-07-31")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rekening Koran Iuran" in page and emp.npp in page
    closing = ledger_net(emp, D(2025, 7, 31))
    assert f'data-testid="statement-closing">{format_rupiah(closing)}<' in page
    assert "Koreksi iuran Februari 2025" in page and "Pembatalan pembayaran BNI-SALAH" in page
    for download in ("xlsx", "pdf"):
        assert client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?format={download}").status_code == 200
    assert AuditEvent.objects.count() == events  # reading a statement is not an event


def test_the_employer_page_links_to_the_statement(login, world):
    emp = employer()
    page = login("dimas").get(f"/pemberi-kerja/{emp.pk}/").content.decode()
    assert f"/pemberi-kerja/{emp.pk}/rekening-koran/" in page


def test_maria_of_kupang_gets_404_on_a_balikpapan_statement(login, world):
    emp = pt_teluk(world.person("dimas"))
    client = login("maria")
    for query in ("", "?format=xlsx", "?format=pdf"):
        assert client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/{query}").status_code == 404
    with pytest.raises(Http404):
        statement_build(user=world.person("maria"), employer_pk=emp.pk, date_from=D(2025, 1, 1),
                        date_to=D(2025, 7, 31))


def test_the_default_period_is_twelve_months_up_to_today_and_bad_dates_are_replaced(login, world):
    emp = employer()
    client = login("dimas")
    statement = client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/").context["statement"]
    assert statement.date_to == today()
    assert statement.date_from == add_months(today().replace(day=1), -11)
    response = client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?dari=kemarin&sampai=2999-01-01")
    assert response.status_code == 200
    assert response.context["statement"].date_to == today()
    assert len(response.context["warnings"]) == 2
    response = client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?dari=0001-01-01&sampai=2025-06-30")
    assert response.status_code == 200 and response.context["statement"].date_from == D(2024, 7, 1)
    swapped = client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?dari=2025-06-30&sampai=2025-01-01")
    assert (swapped.context["statement"].date_from, swapped.context["statement"].date_to) == (
        D(2025, 1, 1), D(2025, 6, 30))


def test_the_number_of_queries_does_not_grow_with_the_ledger(world, django_assert_max_num_queries,
                                                             django_assert_num_queries):
    dimas = world.person("dimas")
    small = pt_teluk(dimas)
    large = pt_teluk(dimas, suffix="-2")
    for month in range(7, 13):
        bill(large, f"2025-{month:02d}")
        payment_allocate(payment=pay(large, 1_000_000, f"2025-{month:02d}-20", actor=dimas), actor=dimas)
    window = {"date_from": D(2025, 1, 1), "date_to": D(2025, 12, 31)}
    with django_assert_max_num_queries(32) as small_run:
        statement_build(user=dimas, employer_pk=small.pk, **window)
    with django_assert_num_queries(len(small_run.captured_queries)):
        statement_build(user=dimas, employer_pk=large.pk, **window)


def test_the_page_and_its_downloads_keep_their_query_count(login, world, django_assert_max_num_queries):
    emp = pt_teluk(world.person("dimas"))
    client = login("dimas")
    for query in ("", "&format=xlsx", "&format=pdf"):
        with django_assert_max_num_queries(40):
            assert client.get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?dari=2025-01-01{query}").status_code == 200


def test_the_xlsx_opens_with_polars_and_holds_the_same_closing_balance(login, world):
    emp = pt_teluk(world.person("dimas"))
    response = login("dimas").get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?dari=2025-03-01&sampai=2025-07-31"
                                  "&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'rekening-koran-{emp.npp}-20250301-20250731.xlsx"')
    content = response.content
    table = pl.read_excel(io.BytesIO(content), engine="calamine", sheet_name="Rekening koran",
                          read_options={"header_row": XLSX_HEADER_ROW})
    closing = table.filter(pl.col("Uraian") == "Saldo akhir")["Saldo (Rp)"].to_list()
    assert closing == [int(ledger_net(emp, D(2025, 7, 31)))]
    opening = table.filter(pl.col("Uraian") == "Saldo awal")["Saldo (Rp)"].to_list()
    assert opening == [int(ledger_net(emp, D(2025, 2, 28)))]
    assert table["Saldo (Rp)"].dtype.is_numeric() and table["Debet (Rp)"].dtype.is_numeric()
    assert {"Koreksi", "Pembayaran", "Pembatalan", "Denda", "Alokasi"} >= set(table["Jenis"].drop_nulls()) - {"Iuran"}
    assert "Pembatalan" in table["Jenis"].to_list()

    head = pl.read_excel(io.BytesIO(content), engine="calamine", sheet_name="Rekening koran", has_header=False,
                         read_options={"n_rows": XLSX_HEADER_ROW})
    cells = [str(v) for row in head.rows() for v in row if v is not None]
    assert "Rekening Koran Iuran" in cells and emp.npp in cells and emp.name in cells
    assert "1 Maret 2025 s.d. 31 Juli 2025" in cells


def test_a_name_written_as_a_formula_stays_text_in_the_xlsx(login, world):
    emp = employer(name='=HYPERLINK("http://contoh.invalid","klik")')
    response = login("dimas").get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?format=xlsx")
    head = pl.read_excel(io.BytesIO(response.content), engine="calamine", sheet_name="Rekening koran",
                         has_header=False, read_options={"n_rows": XLSX_HEADER_ROW})
    cells = [str(v) for row in head.rows() for v in row if v is not None]
    assert "'" + emp.name in cells


def pdf_text(content: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def test_the_pdf_is_an_a4_rekening_koran_with_the_closing_balance_and_page_numbers(login, world):
    dimas = world.person("dimas")
    emp = pt_teluk(dimas)
    for month in range(7, 13):  # enough months for the table to run over a page
        bill(emp, f"2025-{month:02d}")
    for year in (2026, 2027):
        for month in range(1, 13):
            bill(emp, f"{year}-{month:02d}")
    response = login("dimas").get(f"/pemberi-kerja/{emp.pk}/rekening-koran/?dari=2025-01-01&sampai=2027-12-31"
                                  "&format=pdf")
    end = min(today(), D(2027, 12, 31))  # the end date is capped at today
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader, pages = pdf_text(response.content)
    text = "\n".join(pages)
    assert len(pages) >= 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    assert "Rekening Koran Iuran" in text and emp.npp in text and emp.name in text
    assert format_rupiah(ledger_net(emp, end)) in text
    assert f"Dicetak {format_date(today())}" in text
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page and "Sinergi — BPJS Ketenagakerjaan" in page
        assert "Uraian" in page and "Saldo (Rp)" in page  # the header row repeats on every page
    # From the second page on, a running head says whose statement it is.
    assert f"Rekening Koran Iuran · NPP {emp.npp} · {emp.name}" in pages[1]
    assert f"Rekening Koran Iuran · NPP {emp.npp} ·" not in pages[0]
    assert re.search(r"Koreksi iuran Februari 2025", text)


def test_the_pdf_of_an_overpaying_employer_says_kelebihan_bayar(world):
    dimas = world.person("dimas")
    emp = employer(name="PT Borneo & Sons <Kaltim>")  # characters that mean markup to the PDF's paragraphs
    bill(emp, "2025-01")
    payment_allocate(payment=pay(emp, total() + 250_000, "2025-02-10", actor=dimas), actor=dimas)
    statement = statement_build(user=dimas, employer_pk=emp.pk, date_from=D(2025, 1, 1), date_to=D(2025, 3, 31))
    _reader, pages = pdf_text(statement_pdf(statement))
    text = "\n".join(pages)
    assert "kelebihan bayar" in text and "-Rp 250.000" in text
    assert "PT Borneo & Sons <Kaltim>" in text
