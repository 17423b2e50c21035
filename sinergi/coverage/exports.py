"""The coverage page as XLSX and PDF: the same report, through the enforcement reports' table model."""

from __future__ import annotations

from sinergi.coverage.selectors import CoverageReport, Row
from sinergi.formatting import format_number
from sinergi.sheets import Column, Sheet


def _subtitle(report: CoverageReport) -> list[str]:
    d = report.denominator
    lines = [f"Bulan {report.month:%Y-%m}; program {report.programme.upper()}; segmen {report.segment or 'semua'}",
             f"Definisi peserta aktif: {report.definition.label} ({report.definition.citation})"]
    if d.potential is not None:
        lines.append(f"Potensi: {d.source} {d.year} ({d.definition}), {format_number(d.estimate)} dikurangi "
                     + (", ".join(f"{e['category']} {format_number(e['value'])}" for e in d.exclusions if e["applied"])
                        or "tidak ada pengurang") + f" = {format_number(d.potential)}")
    else:
        lines.append("Potensi: tidak ada perkiraan angkatan kerja untuk wilayah ini")
    if report.scale > 1:
        lines.append(f"Angka demo diskalakan ×{report.scale_label}")
    return lines


def _rows(rows: list[Row], with_potential: bool) -> list[list]:
    out = []
    for r in rows:
        line = [r.label, r.participants, r.previous, r.growth]
        if with_potential:
            line += [r.potential, r.coverage, r.gap]
        out.append(line)
    return out


def report_sheets(report: CoverageReport) -> list[Sheet]:
    base = [Column("Uraian", "text", 36), Column("Peserta aktif", "int"), Column("Setahun lalu", "int"),
            Column("Tumbuh %", "pct", 10)]
    wide = base + [Column("Potensi", "int"), Column("Cakupan %", "pct", 10), Column("Kesenjangan", "int")]
    total = ["Jumlah", report.participants, report.previous_year, report.growth_year, report.denominator.potential,
             report.coverage, report.gap]
    return [
        Sheet(f"Cakupan {report.scope.label}", wide, _rows(report.regencies, True), subtitle=_subtitle(report),
              total=total, name="Kabupaten-kota"),
        Sheet("Per segmen", base, _rows(report.by_segment, False), name="Segmen"),
        Sheet("Per sektor", base, _rows(report.by_sector, False), name="Sektor"),
        Sheet("Tren", [Column("Bulan", "text", 10), Column("Peserta aktif", "int")],
              [[f"{m:%Y-%m}", v] for m, v in report.trend], name="Tren"),
    ]
