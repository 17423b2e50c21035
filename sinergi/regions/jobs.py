from django.utils.translation import gettext_lazy as _

from sinergi.jobs.registry import job_kind
from sinergi.regions.loader import regions_load


@job_kind("regions.load", label=_("Muat data wilayah administrasi"), capability="regions.load")
def regions_load_job(ctx) -> dict:
    result = regions_load(progress=lambda done, total: ctx.progress(done, total, "Menulis wilayah"))
    return result.as_dict()
