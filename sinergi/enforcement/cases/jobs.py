"""Job kinds of the cases: mass warning letters and the periodic closing of settled cases (registered from
``EnforcementConfig.ready``)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.jobs.registry import job_kind

LETTERS_ZIP = "surat-peringatan.zip"
LETTERS_PDF = "surat-peringatan-gabungan.pdf"


@job_kind("enforcement.warning_letters", label=gettext_lazy("Terbitkan surat peringatan massal"),
          capability="enforcement.manage")
def warning_letters_job(ctx) -> dict:
    """SP1/SP2 for a selection of cases: one PDF per case in a ZIP and one combined PDF. Re-running reuses
    the letters already issued (same numbers), so a retry or a second click changes nothing."""
    from pypdf import PdfWriter

    from sinergi.enforcement.cases.services import cases_issue_warnings
    from sinergi.enforcement.letters import letter_filename, letter_pdf_bytes

    on = dt.date.fromisoformat(ctx.params["on"]) if ctx.params.get("on") else None
    with transaction.atomic():
        result = cases_issue_warnings(case_ids=ctx.params["case_ids"], level=int(ctx.params["level"]),
                                      actor=ctx.actor, on=on, progress=ctx.progress)
    archive = io.BytesIO()
    combined = PdfWriter()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for letter in result["letters"]:
            content = letter_pdf_bytes(letter)
            zf.writestr(letter_filename(letter), content)
            combined.append(io.BytesIO(content))
        if result["skipped"]:
            zf.writestr("tidak-diterbitkan.txt", "\n".join(f"{case.number}\t{case.employer.npp}\t{reason}"
                                                            for case, reason in result["skipped"]))
    ctx.add_file(LETTERS_ZIP, archive.getvalue(), label=_("Surat per kasus (ZIP)"))
    if result["letters"]:
        out = io.BytesIO()
        combined.write(out)
        ctx.add_file(LETTERS_PDF, out.getvalue(), label=_("Semua surat dalam satu PDF"))
    return {"issued": result["issued"], "reused": result["reused"], "skipped": len(result["skipped"]),
            "letters": len(result["letters"])}


@job_kind("enforcement.cases_refresh_settled", label=gettext_lazy("Tutup kasus yang tunggakannya lunas"),
          capability="enforcement.manage", every=dt.timedelta(hours=6))
def cases_refresh_settled_job(ctx) -> dict:
    from sinergi.enforcement.cases.services import cases_refresh_settled

    return {"settled": cases_refresh_settled(actor=ctx.actor)}
