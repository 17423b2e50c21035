"""Job kind of the payment batches: a large attachment PDF (60.000 participants take longer than a request
should) is built in the worker and offered as the job's file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sinergi.jobs.registry import job_kind


@job_kind("rentan.batch_export", label=_("Dokumen batch pembayaran iuran"), capability="rentan.view")
def batch_export_job(ctx) -> dict:
    from sinergi.orgs.scoping import scoped
    from sinergi.rentan.models import PaymentBatch
    from sinergi.rentan.payments import exports

    kind, fmt = ctx.params["kind"], ctx.params["format"]
    if kind not in exports.KINDS or fmt not in exports.FORMATS:
        raise ValueError(f"unknown export {kind}.{fmt}")
    batches = scoped(PaymentBatch, ctx.actor) if ctx.actor is not None else PaymentBatch.objects.all()
    batch = batches.select_related("programme").get(pk=ctx.params["batch"])
    ctx.progress(0, 1, str(_("Menyusun dokumen")))
    content = exports.batch_export(batch, kind, fmt)
    name = exports.export_filename(batch, kind, fmt)
    ctx.add_file(name, content, label=name)
    ctx.progress(1, 1, str(_("Selesai")))
    return {"batch": batch.pk, "participants": batch.participants, "bytes": len(content)}
