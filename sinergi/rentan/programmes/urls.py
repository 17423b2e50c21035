"""URL patterns of the programme list, a programme, its setup form and its dashboard; included by ``rentan.urls``."""

from django.urls import path

from sinergi.rentan.programmes import views

urlpatterns: list = [
    path("", views.programme_list, name="programme_list"),
    path("program/baru/", views.programme_create_view, name="programme_create"),
    path("program/<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("program/<int:programme_id>/ubah/", views.programme_edit, name="programme_edit"),
    path("program/<int:programme_id>/dasbor/", views.dashboard, name="dashboard"),
]
