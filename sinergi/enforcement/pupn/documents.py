"""The documents of a PUPN handover: the resume (XLSX and PDF), the berita acara (PDF) and the covering
letter (surat pengantar).

The covering letter is the letters module's ``pengantar_kpknl`` (numbered, stored) generated when the
handover is handed over; :func:`covering_letter_context` gives it the resume and the documents. The resume
and the berita acara are built on the fly from the handover's rows, so they always show what was recorded.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.clock import today
from sinergi.enforcement.models import PupnCase, PupnHandover
from sinergi.formatting import format_date, format_rupiah
from sinergi.rules.money import ZERO
from sinergi.rules.receivables import pupn_minimum
from sinergi.sheets import Column, Sheet, sheets_pdf, sheets_xlsx

# What a handover to PUPN carries (the checklist of the handover form and the lampiran of the pengantar).
DOCUMENTS = (
    ("registration", gettext_lazy("Data pendaftaran pemberi kerja (NPP, alamat, wilayah)")),
    ("bills", gettext_lazy("Penetapan iuran / rincian tagihan yang belum dibayar")),
    ("warnings", gettext_lazy("Surat tagihan dan surat peringatan yang telah dikirim")),
    ("statement", gettext_lazy("Rekening koran iuran pemberi kerja")),
    ("resume", gettext_lazy("Resume piutang per pemberi kerja")),
)


def handover_cases(handover: PupnHandover) -> list[PupnCase]:
    return list(handover.cases.select_related("employer__region").order_by("employer__npp"))


def _months(case: PupnCase) -> int:
    return len(case.bill_ids)


def resume_sheet(handover: PupnHandover, cases: list[PupnCase]) -> Sheet:
    columns = [Column(_("No."), "int", 5), Column(_("NPP"), width=10), Column(_("Nama pemberi kerja"), width=30),
               Column(_("Alamat"), width=38), Column(_("Bulan tertunggak"), "int", 9),
               Column(_("Iuran (Rp)"), "money", 15), Column(_("Denda (Rp)"), "money", 14),
               Column(_("Jumlah (Rp)"), "money", 16)]
    rows = []
    for index, c in enumerate(cases, start=1):
        e = c.employer
        address = ", ".join(x for x in (e.address.strip(), e.region.name if e.region_id else "") if x)
        rows.append([index, e.npp, e.name, address, _months(c), c.principal, c.penalty, c.amount])
    total = [None, "", _("Jumlah"), "", sum(_months(c) for c in cases), sum((c.principal for c in cases), ZERO),
             sum((c.penalty for c in cases), ZERO), sum((c.amount for c in cases), ZERO)]
    status = (_("Berita acara %(number)s tanggal %(date)s") % {"number": handover.number,
                                                               "date": format_date(handover.dated)}
              if handover.status == PupnHandover.Status.HANDED_OVER else _("Draf — belum diserahkan"))
    return Sheet(title=_("Resume Piutang yang Diserahkan ke PUPN"), name=_("Resume"), columns=columns, rows=rows,
                 total=total, subtitle=[_("Penyerah: %(unit)s") % {"unit": handover.branch.name},
                                        _("Kepada: %(kpknl)s") % {"kpknl": handover.kpknl.name}, status],
                 notes=[_("Iuran: tunggakan iuran pokok yang sudah jatuh tempo; denda: denda keterlambatan yang "
                          "belum dibayar, keduanya per tanggal draf dibuat. Bulan tertunggak: jumlah tagihan "
                          "bulanan yang diserahkan.")])


def resume_xlsx(handover: PupnHandover) -> bytes:
    return sheets_xlsx([resume_sheet(handover, handover_cases(handover))])


def resume_pdf(handover: PupnHandover) -> bytes:
    return sheets_pdf([resume_sheet(handover, handover_cases(handover))], title=_("Resume piutang PUPN"))


def berita_acara_pdf(handover: PupnHandover) -> bytes:
    cases = handover_cases(handover)
    total = sum((c.amount for c in cases), ZERO)
    dated = format_date(handover.dated) if handover.dated else _("(belum diserahkan)")
    body = [
        _("BERITA ACARA PENYERAHAN PENGURUSAN PIUTANG NEGARA"),
        _("Nomor: %(number)s") % {"number": handover.number},
        _("Pada tanggal %(date)s, %(branch)s (Pihak Pertama) menyerahkan pengurusan piutang iuran BPJS "
          "Ketenagakerjaan kepada Panitia Urusan Piutang Negara melalui %(kpknl)s (Pihak Kedua), atas "
          "%(count)s pemberi kerja dengan jumlah piutang %(total)s, sebagaimana tercantum dalam resume "
          "terlampir.") % {"date": dated, "branch": handover.branch.name, "kpknl": handover.kpknl.name,
                           "count": len(cases), "total": format_rupiah(total)},
        _("Piutang tersebut berkolektibilitas macet, sekurang-kurangnya %(minimum)s per pemberi kerja menurut "
          "PMK 52/2024 sebagaimana diperiksa Sinergi, dan tidak pernah ditangani aparat penegak hukum.")
        % {"minimum": format_rupiah(pupn_minimum(handover.dated or today()))},
        _("Dokumen yang diserahkan: %(docs)s.") % {"docs": "; ".join(str(label) for _key, label in DOCUMENTS)},
        _("Pihak Pertama: %(branch)s — Pihak Kedua: %(kpknl)s") % {"branch": handover.branch.name,
                                                                 "kpknl": handover.kpknl.name},
    ]
    return sheets_pdf([resume_sheet(handover, cases)], title=_("Berita acara penyerahan PUPN"), before=body)


def covering_letter_context(handover: PupnHandover) -> dict:
    """Context for ``letter_generate(kind="pengantar_kpknl", …)``: recipient, body, amounts, the resume."""
    cases = handover_cases(handover)
    principal = sum((c.principal for c in cases), ZERO)
    penalty = sum((c.penalty for c in cases), ZERO)
    return {
        "subject": _("Penyerahan pengurusan piutang iuran BPJS Ketenagakerjaan"),
        "recipient": [_("Kepala %(kpknl)s") % {"kpknl": handover.kpknl.name}, _("selaku Panitia Urusan Piutang "
                                                                               "Negara Cabang")],
        "paragraphs": [
            _("Bersama ini kami serahkan pengurusan piutang iuran %(count)s pemberi kerja yang berkolektibilitas "
              "macet dengan jumlah %(total)s, sesuai berita acara nomor %(number)s tanggal %(date)s.")
            % {"count": len(cases), "total": format_rupiah(principal + penalty), "number": handover.number,
               "date": format_date(handover.dated)},
            _("Upaya penagihan secara tertulis telah kami lakukan dan piutang tersebut tidak sedang atau pernah "
              "ditangani aparat penegak hukum."),
        ],
        "amounts": [(_("Iuran"), principal), (_("Denda"), penalty), (_("Jumlah diserahkan"), principal + penalty)],
        "tables": [{
            "title": _("Resume piutang"),
            "columns": [_("NPP"), _("Nama pemberi kerja"), _("Bulan"), _("Iuran"), _("Denda"), _("Jumlah")],
            "rows": [[c.employer.npp, c.employer.name, _months(c), c.principal, c.penalty, c.amount] for c in cases],
            "numeric": [2, 3, 4, 5],
            "total": ["", _("Jumlah"), sum(_months(c) for c in cases), principal, penalty, principal + penalty],
        }],
        "legal_basis": ["PMK 52/2024", "UU 49 Prp/1960"],
        "attachments": [str(label) for _key, label in DOCUMENTS],
    }


def covering_letter_fallback_pdf(handover: PupnHandover) -> bytes:
    """The covering letter when the letters module produced none (an old handover): the resume with the
    letter's body above it."""
    ctx = covering_letter_context(handover)
    body = [ctx["subject"], *ctx["recipient"], *ctx["paragraphs"]]
    return sheets_pdf([resume_sheet(handover, handover_cases(handover))], title=_("Surat pengantar KPKNL"),
                      before=body, landscape=False)


def amount_text(value: Decimal) -> str:
    return format_rupiah(value)
