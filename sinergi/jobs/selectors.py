from __future__ import annotations

from django.db.models import QuerySet

from sinergi.jobs.models import Job
from sinergi.orgs.scoping import scoped


def jobs_visible(*, user) -> QuerySet[Job]:
    return scoped(Job.objects.select_related("created_by", "org_unit"), user)
