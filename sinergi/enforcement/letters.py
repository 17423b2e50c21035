"""Enforcement letters: numbered, rendered as Indonesian A4 PDFs from the case data, stored on disk.

Public API (E2's SKK and E3's pengantar KPKNL use it too)::

    letter = letter_generate(kind="skk", case=case, actor=user, context={...})       # Letter.Kind value
    letter = letter_generate(kind="pengantar_kpknl", handover=handover, actor=user, context={...})
    data = letter_pdf_bytes(letter)        # the stored PDF (re-rendered if the file went missing)

``letter_generate(*, kind, case=None, handover=None, actor, context=None, dated=None)``

- Exactly one of ``case`` / ``handover``. Idempotent: a case (or handover) has at most one letter of each
  kind; asking again returns the existing ``Letter`` with its number unchanged (its PDF is written again
  only when the file is missing). So re-running a mass generation, a retried job or a double click never
  uses a second number.
- Number ``<PREFIX>/<BRANCH>/<yyyy>/<seq:04d>`` per kind, issuing BPJS unit and year, e.g.
  ``SP1/BALIKPAPAN/2025/0007``; PREFIX is SP1, SP2, TMP2T, SKK, KPKNL.
- Stored as ``<LETTERS_DIR>/<yyyy>/<kind>/<number with / as _>.pdf``; ``Letter.file_path`` holds the path
  relative to ``LETTERS_DIR`` (``settings.LETTERS_DIR`` when set, else ``VAR_DIR/letters``: the same root
  as the uploads and the job files, shared by the web process and the worker).
- Writes the ``Letter`` and an audit event ``enforcement.letter.generate`` in the caller's transaction.
- Must be called with a case whose ``employer`` and ``branch`` are loaded or loadable; ``actor`` may be
  None (the system).

``context`` (all keys optional; case letters have sensible defaults for everything) — plain data only:

- ``subject``: the perihal line.
- ``recipient``: list of lines after "Kepada Yth." (default: the employer's name, "Pimpinan", address).
- ``paragraphs``: list of body paragraphs (plain text) replacing the default body of the kind.
- ``closing``: list of paragraphs after the tables (default: a polite closing sentence).
- ``amounts``: list of ``(label, Decimal)`` pairs shown as a small summary table (e.g. principal,
  denda, total handed over).
- ``tables``: list of ``{"title": str, "columns": [str], "rows": [[value]], "numeric": [column index],
  "total": [value] | None}``; Decimal cells print as rupiah, dates in Indonesian (e.g. the resume of a
  KPKNL handover: one row per employer).
- ``arrears_table``: bool, default True for case letters — the arrears by contribution month from the
  ledger as of the letter's date (principal billed, paid, outstanding).
- ``deadline``: a date printed in the body ("paling lambat …"); case warning letters set it themselves.
- ``legal_basis``: list of citations (strings) added to the "Dasar hukum" list (case letters cite the
  rules parameters they use).
- ``attachments``: list of lampiran lines (the documents handed over).
- ``signatory``: ``{"title": str, "name": str}``; default the head of the issuing branch.
- ``copies``: list of tembusan lines.

``dated`` is the letter's date (default today, WIB). Letters are rendered in Indonesian whatever the
active language; build the context's texts under ``translation.override("id")`` too.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sinergi.audit.services import audit_record
from sinergi.clock import today
from sinergi.enforcement.models import Case, Letter, PupnHandover
from sinergi.formatting import format_date, format_number, format_period, format_rupiah
from sinergi.receivables.ledger import outstanding_lines
from sinergi.rules.money import ZERO

PREFIXES = {
    Letter.Kind.WARNING_1: "SP1",
    Letter.Kind.WARNING_2: "SP2",
    Letter.Kind.TMP2T: "TMP2T",
    Letter.Kind.SKK: "SKK",
    Letter.Kind.KPKNL: "KPKNL",
}
# The default content of a kind, registered by the capability that owns it (``cases/letters.py`` for SP1, SP2
# and TMP2T, imported from ``EnforcementConfig.ready``). Such letters are rendered from their record alone, so
# a missing file can be re-rendered; SKK and pengantar letters depend on their callers' context and are only
# ever written by them. The engine knows no case: the direction is cases → letters, never back.
_DEFAULTS: dict[str, Callable[[Letter], dict]] = {}


def letter_defaults(*kinds: str):
    """Register ``func(letter) -> context`` as the default content of letters of ``kinds``."""
    def decorate(func):
        for kind in kinds:
            _DEFAULTS[kind] = func
        return func
    return decorate


class LetterError(ValueError):
    """A letter that cannot be made (no owner, unknown kind); the message is for the user."""


def letters_root() -> Path:
    return Path(getattr(settings, "LETTERS_DIR", None) or Path(settings.VAR_DIR) / "letters")


def unit_short(unit) -> str:
    """``bpjs-cabang-balikpapan`` → ``BALIKPAPAN``: the office part of a unit code, for numbers."""
    code = re.sub(r"^(bpjs-)?(cabang|kanwil|kcp)-", "", unit.code or "")
    return (code or str(unit.pk)).replace("-", "").upper()[:16]


def letter_path(letter: Letter) -> Path:
    return letters_root() / letter.file_path


def _file_name(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", number) + ".pdf"


def _next_number(kind: str, unit, year: int) -> str:
    prefix = f"{PREFIXES[kind]}/{unit_short(unit)}/{year}/"
    taken = Letter.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n.rsplit("/", 1)[1]) for n in taken if n.rsplit("/", 1)[1].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _existing(kind: str, case, handover) -> Letter | None:
    qs = Letter.objects.filter(kind=kind)
    qs = qs.filter(case=case) if case is not None else qs.filter(handover=handover)
    return qs.order_by("id").first()


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)  # atomic: a reader never sees half a PDF


def letter_generate(*, kind: str, case: Case | None = None, handover: PupnHandover | None = None, actor,
                    context: dict | None = None, dated: dt.date | None = None) -> Letter:
    """The letter of ``kind`` for ``case`` or ``handover``: the existing one, or a new numbered, stored one.
    See the module docstring for the context keys."""
    if kind not in PREFIXES:
        raise LetterError(_("Jenis surat %(kind)s tidak dikenal.") % {"kind": kind})
    if (case is None) == (handover is None):
        raise LetterError(_("Surat harus milik satu kasus atau satu penyerahan PUPN."))
    existing = _existing(kind, case, handover)
    if existing is not None:
        if not letter_path(existing).exists():
            _write(letter_path(existing), letter_render(existing, context=context))
        return existing
    dated = dated or today()
    unit = case.branch if case is not None else handover.branch
    for _attempt in range(5):
        number = _next_number(kind, unit, dated.year)
        letter = Letter(kind=kind, case=case, handover=handover, number=number, dated=dated,
                        file_path=f"{dated.year}/{kind}/{_file_name(number)}",
                        created_by=actor if getattr(actor, "is_authenticated", False) else None)
        try:
            with transaction.atomic():
                letter.save()
        except IntegrityError:
            # Another officer took this number a moment ago: take the next one.
            continue
        break
    else:  # pragma: no cover - five collisions in a row
        raise LetterError(_("Nomor surat tidak dapat dibuat; coba lagi."))
    _write(letter_path(letter), letter_render(letter, context=context))
    audit_record(actor=actor, action="enforcement.letter.generate", obj=letter,
                 after={"kind": kind, "number": letter.number, "dated": dated,
                        "case": getattr(case, "number", None), "handover": getattr(handover, "number", None)})
    return letter


def letter_pdf_bytes(letter: Letter) -> bytes:
    """The stored PDF; a case letter whose file went missing is rendered again from the case (as of its
    date) and stored. Raises ``FileNotFoundError`` for a missing SKK/pengantar letter."""
    path = letter_path(letter)
    if path.exists():
        return path.read_bytes()
    if letter.kind not in _DEFAULTS:
        raise FileNotFoundError(str(path))
    content = letter_render(letter)
    _write(path, content)
    return content


def letter_filename(letter: Letter) -> str:
    return _file_name(letter.number)


def _arrears_rows(case: Case, as_of: dt.date) -> list[tuple[dt.date, Decimal, Decimal]]:
    months: dict[dt.date, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for line in outstanding_lines(as_of=as_of, employers=[case.employer_id]):
        months[line.period][0] += line.billed
        months[line.period][1] += line.paid
    return [(period, billed, paid) for period, (billed, paid) in sorted(months.items()) if billed > paid]


def letter_render(letter: Letter, *, context: dict | None = None) -> bytes:
    """The letter as PDF bytes (A4, Helvetica): kop surat, number/date/subject, recipient, body, the
    employer's identity, the arrears by month, amounts and tables, deadline, legal basis, signature."""
    # An official letter is in Indonesian whatever language the officer's screen is in.
    with translation.override("id"):
        ctx: dict = {}
        if letter.kind in _DEFAULTS:
            ctx.update(_DEFAULTS[letter.kind](letter))
        ctx.update(context or {})
        return _pdf(letter, ctx)


def _cell(value) -> str:
    if isinstance(value, Decimal):
        return format_rupiah(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return "" if value is None else str(value)


def _pdf(letter: Letter, ctx: dict) -> bytes:  # noqa: C901 - one page layout, read top to bottom
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    case = letter.case
    handover = letter.handover
    unit = case.branch if case is not None else handover.branch
    employer = case.employer if case is not None else None
    line = colors.HexColor("#999999")
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=10, leading=13)
    body = ParagraphStyle("body", parent=base, spaceAfter=2 * mm, alignment=4)  # justified
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11)
    bold = ParagraphStyle("bold", parent=base, fontName="Helvetica-Bold")
    num = ParagraphStyle("num", parent=small, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=small, fontName="Helvetica-Bold")
    head_num = ParagraphStyle("head_num", parent=head, alignment=TA_RIGHT)
    kop1 = ParagraphStyle("kop1", fontName="Helvetica-Bold", fontSize=15, leading=18, alignment=TA_CENTER)
    kop2 = ParagraphStyle("kop2", fontName="Helvetica-Bold", fontSize=11.5, leading=14, alignment=TA_CENTER)
    kop3 = ParagraphStyle("kop3", fontName="Helvetica", fontSize=8.5, leading=11, alignment=TA_CENTER)
    width = A4[0] - 40 * mm - 12  # the frame's own padding (6 pt each side) keeps tables flush with the text

    def p(value, style=base) -> Paragraph:
        return Paragraph(escape(_cell(value)), style)

    office = unit.name.replace("BPJS Ketenagakerjaan ", "")
    city = unit.region.name.replace("Kota ", "").replace("Kabupaten ", "") if unit.region_id else ""
    story = [
        Paragraph("BPJS KETENAGAKERJAAN", kop1),
        Paragraph(escape(office.upper()), kop2),
        Paragraph(escape(_("Badan Penyelenggara Jaminan Sosial Ketenagakerjaan")), kop3),
    ]
    rule = Table([[""]], colWidths=[width], rowHeights=[1.5 * mm])
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.4, colors.black)]))
    story += [rule, Spacer(1, 4 * mm)]

    meta = [
        [p(_("Nomor")), p(":"), p(letter.number), p(f"{city}, {format_date(letter.dated)}".strip(", "), num)],
        [p(_("Lampiran")), p(":"), p(str(len(ctx.get("attachments") or [])) + " " + _("berkas")
                                     if ctx.get("attachments") else "-"), ""],
        [p(_("Perihal")), p(":"), Paragraph(f"<b>{escape(ctx.get('subject') or letter.get_kind_display())}</b>",
                                            base), ""],
    ]
    meta_table = Table(meta, colWidths=[22 * mm, 4 * mm, width - 86 * mm, 60 * mm])
    meta_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [meta_table, Spacer(1, 4 * mm)]

    recipient = ctx.get("recipient")
    if recipient is None and employer is not None:
        recipient = [_("Pimpinan %(name)s") % {"name": employer.name}, employer.address or ""]
    story.append(p(_("Kepada Yth.")))
    for text in recipient or []:
        if text:
            story.append(p(text, bold if text == (recipient or [""])[0] else base))
    story += [p(_("di tempat")), Spacer(1, 4 * mm)]

    for text in ctx.get("paragraphs") or []:
        story.append(Paragraph(escape(text), body))

    if employer is not None:
        identity = [(_("Nama pemberi kerja"), employer.name), (_("NPP"), employer.npp),
                    (_("Alamat"), employer.address or "-"), (_("Kantor cabang"), unit.name)]
        if case is not None:
            identity.append((_("Nomor kasus"), case.number))
        table = Table([[p(k, head), p(v, small)] for k, v in identity], colWidths=[40 * mm, width - 40 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        story += [table, Spacer(1, 3 * mm)]

    if case is not None and ctx.get("findings") and case.origin != Case.Origin.ARREARS:
        findings = list(case.findings.all())
        if findings:
            rows = [[p(_("Temuan"), head), p(_("Uraian"), head), p(_("Tenaga kerja"), head_num),
                     p(_("Potensi iuran"), head_num)]]
            rows += [[p(f.get_kind_display(), small), p(f.description, small), p(str(f.workers), num),
                      p(f.amount, num)] for f in findings]
            table = Table(rows, colWidths=[35 * mm, width - 95 * mm, 25 * mm, 35 * mm], repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, line), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]))
            story += [table, Spacer(1, 3 * mm)]

    if case is not None and ctx.get("arrears_table", True):
        arrears = _arrears_rows(case, letter.dated)
        if arrears:
            rows = [[p(_("Bulan iuran"), head), p(_("Iuran ditagih"), head_num), p(_("Dibayar"), head_num),
                     p(_("Tunggakan"), head_num)]]
            total = [ZERO, ZERO]
            for period, billed, paid in arrears:
                rows.append([p(format_period(period.year, period.month), small), p(billed, num), p(paid, num),
                             p(billed - paid, num)])
                total[0] += billed
                total[1] += paid
            rows.append([p(_("Jumlah tunggakan iuran"), head), p(total[0], num), p(total[1], num),
                         Paragraph(f"<b>{escape(format_rupiah(total[0] - total[1]))}</b>", num)])
            table = Table(rows, colWidths=[width - 120 * mm, 40 * mm, 40 * mm, 40 * mm], repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, line),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                                       ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F4F4F4"))]))
            story += [p(_("Rincian tunggakan iuran per %(date)s:") % {"date": format_date(letter.dated)}, small),
                      Spacer(1, 1 * mm), table, Spacer(1, 3 * mm)]

    if ctx.get("amounts"):
        rows = [[p(label, small), p(amount, num)] for label, amount in ctx["amounts"]]
        table = Table(rows, colWidths=[width - 45 * mm, 45 * mm])
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, line)]))
        story += [table, Spacer(1, 3 * mm)]

    for spec in ctx.get("tables") or []:
        numeric = set(spec.get("numeric") or ())
        columns = spec.get("columns") or []
        rows = [[p(c, head_num if i in numeric else head) for i, c in enumerate(columns)]]
        rows += [[p(v, num if i in numeric else small) for i, v in enumerate(row)] for row in spec.get("rows") or []]
        if spec.get("total"):
            rows.append([Paragraph(f"<b>{escape(_cell(v))}</b>", num if i in numeric else small)
                         for i, v in enumerate(spec["total"])])
        # A number column is as wide as its widest figure (figures never wrap); text columns share the rest
        # (Paragraph cells need a width).
        widths = {}
        for i in numeric:
            cells = [columns[i], *(row[i] for row in spec.get("rows") or [] if i < len(row)),
                     *([spec["total"][i]] if spec.get("total") and i < len(spec["total"]) else [])]
            widths[i] = max(stringWidth(_cell(v), "Helvetica-Bold", small.fontSize) for v in cells) + 14  # padding
        texts = max(len(columns) - len(numeric), 1)
        text_width = max((width - sum(widths.values())) / texts, 20 * mm)
        table = Table(rows, repeatRows=1, colWidths=[widths.get(i, text_width) for i in range(len(columns))])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, line), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]))
        if spec.get("title"):
            story.append(p(spec["title"], head))
        story += [table, Spacer(1, 3 * mm)]

    if ctx.get("deadline") and letter.kind not in (Letter.Kind.WARNING_1, Letter.Kind.WARNING_2):
        story.append(Paragraph(escape(_("Batas waktu: %(date)s.") % {"date": format_date(ctx["deadline"])}), body))
    elif ctx.get("deadline"):
        story.append(Paragraph(f"<b>{escape(_('Batas waktu pemenuhan kewajiban: %(date)s.') % {'date': format_date(ctx['deadline'])})}</b>", body))

    for text in ctx.get("closing") or [_("Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara kami "
                                          "ucapkan terima kasih.")]:
        story.append(Paragraph(escape(text), body))

    # The rules cite with their confidence ("PP 86/2013 Pasal 6 [C1]"); a letter cites the law alone.
    legal = list(dict.fromkeys(re.sub(r"\s*\[(C\d|R)\]$", "", str(c)) for c in ctx.get("legal_basis") or []))
    if legal:
        story.append(p(_("Dasar hukum:"), head))
        for index, citation in enumerate(legal, start=1):
            story.append(p(f"{index}. {citation}", small))
        story.append(Spacer(1, 3 * mm))

    if ctx.get("attachments"):
        story.append(p(_("Lampiran:"), head))
        for index, text in enumerate(ctx["attachments"], start=1):
            story.append(p(f"{index}. {text}", small))
        story.append(Spacer(1, 3 * mm))

    signatory = ctx.get("signatory") or {"title": _("Kepala %(office)s") % {"office": office}, "name": ""}
    sign = [p(_("Hormat kami,")), p(signatory.get("title", "")), Spacer(1, 15 * mm),
            Paragraph(f"<b><u>{escape(signatory.get('name') or '.' * 40)}</u></b>", base)]
    sign_table = Table([["", sign]], colWidths=[width - 75 * mm, 75 * mm])
    sign_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 2 * mm), KeepTogether(sign_table)]

    if ctx.get("copies"):
        story += [Spacer(1, 4 * mm), p(_("Tembusan:"), head)]
        story += [p(f"{i}. {text}", small) for i, text in enumerate(ctx["copies"], start=1)]

    buffer = io.BytesIO()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(20 * mm, 10 * mm, f"{letter.number} · Sinergi — BPJS Ketenagakerjaan")
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, _("Halaman %(page)s") % {"page": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=12 * mm,
                            bottomMargin=16 * mm, title=f"{letter.get_kind_display()} {letter.number}",
                            author="BPJS Ketenagakerjaan")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
