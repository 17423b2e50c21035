"""Files of the enforcement reports: the monev, PUPN and exchange tables as ``sinergi.sheets`` (XLSX, PDF),
and the exchange CSV.

One small table model (:class:`Sheet`: title, subtitle lines, columns, rows, a total row, notes) feeds the
workbook and the PDF, so the page, the XLSX and the PDF of a report show the same figures. In the
workbook rupiah are numbers with a rupiah format and dates are dates; every text cell goes through
``neutralise``. The PDF uses reportlab's built-in Helvetica (its WinAnsi encoding covers Indonesian), A4
landscape, the header row repeated on every page and "Halaman n dari N" in the footer.

The exchange CSV is for machines: UTF-8 without BOM, comma-separated, a header line of the documented
column names (``EXCHANGE_COLUMNS``), ISO dates, plain integers for rupiah, no thousands separators.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from sinergi.formatting import format_date, format_number, format_rupiah
from sinergi.sheets import Column, Sheet


def monev_sheets(report) -> list[Sheet]:
    columns = [Column(_("Kejaksaan"), width=34), Column(_("Jumlah SKK"), "int", 10),
               Column(_("Potensi (Rp)"), "money", 18), Column(_("Realisasi (Rp)"), "money", 18),
               Column(_("Realisasi (%)"), "pct", 10), Column(_("Selesai"), "int", 9),
               Column(_("Dalam proses"), "int", 10), Column(_("Tidak berhasil"), "int", 10),
               Column(_("Kendala"), width=40)]

    def obstacles(row) -> str:
        return "; ".join(f"{label} {n}" for label, n in row.obstacle_items())

    rows = [[r.kejari_name, r.skk, r.potential, r.realised, r.realisation_pct, r.settled, r.in_progress, r.failed,
             obstacles(r)] for r in report.rows]
    t = report.total
    return [Sheet(
        title=_("Laporan Monitoring dan Evaluasi SKK — %(province)s") % {"province": report.province_name},
        name=_("Monev SKK"), columns=columns, rows=rows,
        total=[_("Jumlah"), t.skk, t.potential, t.realised, t.realisation_pct, t.settled, t.in_progress, t.failed,
               obstacles(t)],
        subtitle=[_("Periode %(period)s (tanggal SKK)") % {"period": report.period_label},
                  _("Disusun oleh %(unit)s") % {"unit": report.viewer_unit}],
        notes=[_("Realisasi: pembayaran pemberi kerja yang masuk ke buku piutang sejak tanggal SKK (ditambah "
                 "realisasi register lama), paling banyak sebesar nilai SKK. Tidak berhasil mencakup SKK yang "
                 "dikembalikan ke BPJS.")],
    )]


def pupn_sheets(report) -> list[Sheet]:
    stage_cols = [Column(str(label), "int", 9) for _code, label in report.stages]
    columns = [Column(_("KPKNL"), width=26), Column(_("Penyerahan"), "int", 10), Column(_("Pemberi kerja"), "int", 10),
               Column(_("Nilai diserahkan (Rp)"), "money", 18), *stage_cols, Column(_("Pemulihan (Rp)"), "money", 16)]
    rows = [[r.kpknl_name, r.handovers, r.employers, r.amount, *[r.stages.get(c, 0) for c, _l in report.stages],
             r.recovered] for r in report.rows]
    t = report.total
    return [Sheet(
        title=_("Laporan Penyerahan Piutang ke PUPN — %(kanwil)s") % {"kanwil": report.kanwil_name},
        name=_("PUPN"), columns=columns, rows=rows,
        total=[_("Jumlah"), t.handovers, t.employers, t.amount, *[t.stages.get(c, 0) for c, _l in report.stages],
               t.recovered],
        subtitle=[_("Periode %(period)s (tanggal berita acara)") % {"period": report.period_label}],
        notes=[_("Pemulihan: jumlah yang dicatat KPKNL pada tahapannya ditambah pembayaran yang masuk ke buku "
                 "piutang untuk tagihan yang diserahkan sejak tanggal penyerahan.")],
    )]


# --- data exchange ---------------------------------------------------------------------------------------

# The machine-readable exchange file: column name → meaning (documented in docs/enforcement.md).
EXCHANGE_COLUMNS = (
    ("kejari", "kode unit Kejari yang wilayah hukumnya mencakup kabupaten/kota pemberi kerja"),
    ("kejari_name", "nama Kejari"),
    ("npp", "nomor pendaftaran perusahaan (8 digit)"),
    ("name", "nama badan usaha"),
    ("address", "alamat"),
    ("regency", "kode kabupaten/kota (Kepmendagri)"),
    ("regency_name", "nama kabupaten/kota"),
    ("months_in_arrears", "bulan tunggakan (bulan penuh sejak jatuh tempo tertua yang belum dibayar)"),
    ("principal_arrears", "tunggakan iuran pokok, rupiah utuh"),
    ("penalties", "denda yang belum dibayar, rupiah utuh"),
    ("last_payment_date", "tanggal pembayaran terakhir (YYYY-MM-DD), kosong bila belum pernah"),
)


def exchange_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, _meaning in EXCHANGE_COLUMNS])
    for r in rows:
        writer.writerow([r.kejari_code, r.kejari_name, r.npp, r.name, r.address, r.regency, r.regency_name,
                         r.months, int(r.principal), int(r.penalty),
                         r.last_payment.isoformat() if r.last_payment else ""])
    return buffer.getvalue().encode("utf-8")


def exchange_sheets(exchange) -> list[Sheet]:
    columns = [Column(_("Kejari"), width=28), Column(_("NPP"), width=10), Column(_("Nama pemberi kerja"), width=34),
               Column(_("Alamat"), width=40), Column(_("Kabupaten/kota"), width=24),
               Column(_("Bulan tunggakan"), "int", 10), Column(_("Tunggakan iuran (Rp)"), "money", 16),
               Column(_("Denda (Rp)"), "money", 14), Column(_("Pembayaran terakhir"), "date", 14)]
    rows = [[r.kejari_name, r.npp, r.name, r.address, r.regency_name, r.months, r.principal, r.penalty,
             r.last_payment] for r in exchange.rows]
    return [Sheet(
        title=_("Data Tunggakan Iuran Pemberi Kerja per Wilayah Kejaksaan Negeri"), name=_("Tunggakan"),
        columns=columns, rows=rows,
        total=[_("Jumlah"), "", format_number(len(rows)), "", "", None, exchange.principal, exchange.penalty, None],
        subtitle=[_("Per %(date)s") % {"date": format_date(exchange.on)}],
        notes=[_("Pemberi kerja terdaftar dengan tunggakan iuran pada tanggal tersebut. Denda dihitung menurut "
                 "peraturan yang berlaku sampai tanggal tersebut.")],
    )]


def rupiah_text(value) -> str:
    return format_rupiah(value)
