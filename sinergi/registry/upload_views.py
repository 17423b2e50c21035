"""The registry import page: upload a file of employers, workers, employment or wages; a job imports it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sinergi.jobs.services import job_enqueue
from sinergi.registry.import_specs import KIND_LABELS
from sinergi.registry.upload_forms import RegistryImportForm, expected_columns
from sinergi.web.decorators import capability_required
from sinergi.web.uploads import upload_store


@require_http_methods(["GET", "POST"])
@capability_required("registry.import")
def registry_import_page(request):
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            path = upload_store(file=data["file"], actor=request.user)
        except ValidationError as error:
            form.add_error("file", error)
            form.mark_invalid()
        else:
            job = job_enqueue(kind="registry.import", actor=request.user, params={
                "path": str(path), "kind": data["kind"], "accept_valid": data["accept_valid"],
            })
            messages.success(request, _("Berkas %(name)s diterima; impor %(kind)s berjalan sebagai pekerjaan "
                                        "latar belakang.") % {"name": path.name, "kind": KIND_LABELS[data["kind"]]})
            return redirect("jobs:detail", job_id=job.pk)
    return render(request, "registry/import.html", {"form": form, "kinds": expected_columns()},
                  status=400 if form.is_bound else 200)
