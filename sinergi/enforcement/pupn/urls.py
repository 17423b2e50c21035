"""URL patterns appended to ``enforcement.urls`` (app_name "enforcement"): handovers to PUPN/KPKNL."""

from django.urls import path

from sinergi.enforcement.pupn import views as pupn_views

urlpatterns: list = [
    path("pupn/", pupn_views.pupn_list, name="pupn_list"),
    path("pupn/kandidat/", pupn_views.pupn_candidates_view, name="pupn_candidates"),
    path("pupn/<int:pk>/", pupn_views.pupn_detail, name="pupn_detail"),
    path("pupn/<int:pk>/serahkan/", pupn_views.pupn_submit, name="pupn_submit"),
    path("pupn/<int:pk>/keluarkan/<int:case_pk>/", pupn_views.pupn_remove, name="pupn_remove"),
    path("pupn/<int:pk>/dokumen/<str:name>", pupn_views.pupn_document, name="pupn_document"),
    path("pupn/berkas/<int:pk>/tahap/", pupn_views.pupn_stage, name="pupn_stage"),
]
