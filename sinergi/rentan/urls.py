"""Vulnerable-worker URLs, mounted at ``/rentan/`` (namespace ``rentan``). Each capability keeps its patterns
in its package (``programmes``, ``imports``, ``verification``, ``payments``); they share the one namespace."""

from sinergi.rentan.imports import urls as imports
from sinergi.rentan.payments import urls as payments
from sinergi.rentan.programmes import urls as programmes
from sinergi.rentan.verification import urls as verification

app_name = "rentan"
urlpatterns = [*programmes.urlpatterns, *imports.urlpatterns, *verification.urlpatterns, *payments.urlpatterns]
