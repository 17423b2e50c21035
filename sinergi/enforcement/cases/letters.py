"""The content of the case letters (SP1, SP2, TMP2T): subject, body, deadline and legal basis from the case,
its steps and its PP 86/2013 schedule, and the arrears by month from the ledger. Registered with the letters
engine (``letter_defaults``) from ``EnforcementConfig.ready``, so the engine renders them, and re-renders a
lost file, without knowing about cases."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sinergi.clock import today
from sinergi.enforcement.cases.services import case_schedule
from sinergi.enforcement.letters import letter_defaults
from sinergi.enforcement.models import Letter
from sinergi.formatting import format_date
from sinergi.rules.params import require

CASE_KINDS = (Letter.Kind.WARNING_1, Letter.Kind.WARNING_2, Letter.Kind.TMP2T)


@letter_defaults(*CASE_KINDS)
def case_letter_defaults(letter: Letter) -> dict:
    """Subject, body, deadline and legal basis of the case letters, from the case and its steps."""
    case = letter.case
    employer = case.employer
    steps = {s.kind: s for s in case.steps.all()}
    schedule = case_schedule(case)
    defaults: dict = {"legal_basis": [], "arrears_table": True}
    if schedule is not None:
        defaults["legal_basis"] = sorted({s.reference for s in schedule.steps if s.reference})
    if letter.kind in (Letter.Kind.WARNING_1, Letter.Kind.WARNING_2):
        number = 1 if letter.kind == Letter.Kind.WARNING_1 else 2
        step = steps.get(f"warning_{number}")
        deadline = step.due_on if step else None
        defaults["deadline"] = deadline
        defaults["subject"] = _("Surat Peringatan %(n)s atas kewajiban iuran BPJS Ketenagakerjaan") % {"n": number}
        intro = _("Berdasarkan data kepesertaan dan piutang iuran pada kantor kami, %(name)s (NPP %(npp)s) belum "
                  "memenuhi kewajiban sebagai pemberi kerja dalam program jaminan sosial ketenagakerjaan.") % {
            "name": employer.name, "npp": employer.npp}
        if number == 2:
            first = case.letters.filter(kind=Letter.Kind.WARNING_1).first()
            intro += " " + _("Surat Peringatan 1 nomor %(number)s tanggal %(date)s tidak ditindaklanjuti sampai "
                             "batas waktunya.") % {"number": first.number if first else "-",
                                                   "date": format_date(first.dated) if first else "-"}
        ask = _("Dengan ini kami memberikan Surat Peringatan %(n)s dan meminta Saudara melunasi tunggakan iuran "
                "serta memenuhi kewajiban kepesertaan paling lambat %(deadline)s (%(days)s hari kerja).") % {
            "n": number, "deadline": format_date(deadline) if deadline else "-",
            "days": _warning_days(step)}
        consequence = (_("Apabila sampai batas waktu tersebut kewajiban belum dipenuhi, akan diterbitkan Surat "
                         "Peringatan 2.") if number == 1 else
                       _("Apabila sampai batas waktu tersebut kewajiban belum dipenuhi, Saudara dikenai denda "
                         "administratif dan selanjutnya dapat direkomendasikan sanksi tidak mendapat pelayanan "
                         "publik tertentu (TMP2T) kepada Pemerintah Daerah."))
        defaults["paragraphs"] = [intro, ask, consequence]
        defaults["findings"] = True
    elif letter.kind == Letter.Kind.TMP2T:
        step = steps.get("tmp2t")
        fine = steps.get("fine")
        defaults["subject"] = _("Rekomendasi sanksi tidak mendapat pelayanan publik tertentu (TMP2T)")
        defaults["recipient"] = [_("Kepala Daerah / Dinas Penanaman Modal dan PTSP"),
                                 employer.region.name if getattr(employer, "region", None) else ""]
        defaults["paragraphs"] = [
            _("Pemberi kerja %(name)s (NPP %(npp)s) telah diberi Surat Peringatan 1 dan 2 serta dikenai denda "
              "administratif, namun belum memenuhi kewajibannya dalam program jaminan sosial "
              "ketenagakerjaan.") % {"name": employer.name, "npp": employer.npp},
            _("Sehubungan dengan itu kami merekomendasikan pengenaan sanksi tidak mendapat pelayanan publik "
              "tertentu (TMP2T) terhadap pemberi kerja tersebut sampai kewajibannya dipenuhi."),
        ]
        if step and step.outcome:
            defaults["paragraphs"].append(step.outcome)
        if fine and fine.amount:
            defaults["amounts"] = [(_("Denda administratif"), fine.amount)]
        defaults["findings"] = True
    return defaults


def _warning_days(step) -> str:
    on = step.started_on if step else today()
    return str(require("sanctions/pp86/warning_working_days", on).value)
