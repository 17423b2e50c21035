"""Enforcement URLs, mounted at ``/penegakan/`` (namespace ``enforcement``).

Each capability keeps its own patterns in its package (``cases/urls.py``, ``skk/urls.py``, ``pupn/urls.py``,
``reports/urls.py``); they share the one namespace.
"""

from sinergi.enforcement.cases import urls as cases
from sinergi.enforcement.pupn import urls as pupn
from sinergi.enforcement.reports import urls as reports
from sinergi.enforcement.skk import urls as skk

app_name = "enforcement"
urlpatterns = [*cases.urlpatterns, *skk.urlpatterns, *pupn.urlpatterns, *reports.urlpatterns]
