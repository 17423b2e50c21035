"""Housekeeping job kinds of the web shell."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sinergi.jobs.registry import job_kind
from sinergi.web.uploads import uploads_cleanup


@job_kind("web.uploads_cleanup", label=_("Bersihkan berkas unggahan lama"), capability="admin.site",
          every=dt.timedelta(days=1))
def uploads_cleanup_job(ctx) -> dict:
    return uploads_cleanup(older_than_days=settings.UPLOAD_RETENTION_DAYS)
