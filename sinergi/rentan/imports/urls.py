"""URL patterns of the DTKS upload and its import batches; included by ``rentan.urls``."""

from django.urls import path

from sinergi.rentan.imports import views

urlpatterns: list = [
    path("program/<int:programme_id>/impor/", views.import_upload, name="import_upload"),
    path("program/<int:programme_id>/impor/<int:batch_id>/", views.batch_detail, name="batch_detail"),
]
