"""URL patterns of the cases, their letters and the worklist, included by ``enforcement.urls``."""

from django.urls import path

from sinergi.enforcement.cases import views as case_views

urlpatterns: list = [
    path("kasus/", case_views.case_list, name="case_list"),
    path("kasus/buka/", case_views.case_open_arrears, name="case_open_arrears"),
    path("kasus/temuan/", case_views.case_open_finding, name="case_open_finding"),
    path("kasus/<int:pk>/", case_views.case_detail, name="case_detail"),
    path("kasus/<int:pk>/temuan/", case_views.finding_add_view, name="finding_add"),
    path("kasus/<int:pk>/langkah/", case_views.step_record, name="step_record"),
    path("kasus/<int:pk>/tutup/", case_views.case_close_view, name="case_close"),
    path("surat/<int:pk>/", case_views.letter_download, name="letter_download"),
    path("surat/massal/", case_views.letters_mass, name="letters_mass"),
    path("daftar-tugas/", case_views.worklist_view, name="worklist"),
]
