"""URL patterns appended to ``enforcement.urls`` (app_name "enforcement"): reports, exchange, dashboard."""

from django.urls import path

from sinergi.enforcement.reports import views as report_views

urlpatterns: list = [
    path("laporan/monev/", report_views.monev, name="monev"),
    path("laporan/pupn/", report_views.pupn_report_view, name="pupn_report"),
    path("laporan/pertukaran-data/", report_views.exchange, name="exchange"),
    path("dasbor/", report_views.dashboard, name="dashboard"),
]
