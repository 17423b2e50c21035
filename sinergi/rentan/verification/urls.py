"""URL patterns of the candidate lists, a candidate, corrections, duplicates, approval, carry-over and the OPD queue; included by ``rentan.urls``."""

from django.urls import path

from sinergi.rentan.verification import views

urlpatterns: list = [
    path("program/<int:programme_id>/calon/", views.candidates, name="candidates"),
    path("program/<int:programme_id>/perbaikan/", views.corrections, name="corrections"),
    path("program/<int:programme_id>/data-ganda/", views.duplicates, name="duplicates"),
    path("program/<int:programme_id>/persetujuan/", views.approval, name="approval"),
    path("program/<int:programme_id>/persetujuan/pindahkan/", views.carry_over, name="carry_over"),
    path("calon/<int:candidate_id>/", views.candidate_detail, name="candidate_detail"),
    path("verifikasi/", views.queue, name="queue"),
]
