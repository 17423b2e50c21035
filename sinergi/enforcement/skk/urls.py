"""URL patterns of the SKK screens, appended to ``enforcement.urls`` (app_name "enforcement")."""

from django.urls import path

from sinergi.enforcement.skk import views as skk_views

urlpatterns: list = [
    path("skk/", skk_views.skk_list, name="skk_list"),
    path("skk/baru/", skk_views.skk_create, name="skk_create"),
    # The same form opened from a case: reverse("enforcement:skk_create", kwargs={"case_id": …}).
    path("kasus/<int:case_id>/skk/", skk_views.skk_create, name="skk_create"),
    path("skk/impor/", skk_views.skk_import, name="skk_import"),
    path("skk/<int:pk>/", skk_views.skk_detail, name="skk_detail"),
    path("skk/<int:pk>/tahap/", skk_views.skk_event_record, name="skk_event_record"),
    path("skk/<int:pk>/komitmen/", skk_views.skk_commitment, name="skk_commitment"),
]
