from django.urls import path

from sinergi.rentan import candidate_views, views

app_name = "rentan"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("program/baru/", views.programme_create_view, name="programme_create"),
    path("program/<int:programme_id>/", views.programme_detail, name="programme_detail"),
    path("program/<int:programme_id>/ubah/", views.programme_edit, name="programme_edit"),
    path("program/<int:programme_id>/impor/", views.import_upload, name="import_upload"),
    path("program/<int:programme_id>/impor/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("program/<int:programme_id>/calon/", candidate_views.candidates, name="candidates"),
    path("program/<int:programme_id>/perbaikan/", candidate_views.corrections, name="corrections"),
    path("program/<int:programme_id>/data-ganda/", candidate_views.duplicates, name="duplicates"),
    path("program/<int:programme_id>/persetujuan/", candidate_views.approval, name="approval"),
    path("program/<int:programme_id>/persetujuan/pindahkan/", candidate_views.carry_over, name="carry_over"),
    path("calon/<int:candidate_id>/", candidate_views.candidate_detail, name="candidate_detail"),
    path("verifikasi/", candidate_views.queue, name="queue"),
]

# Payment batches, kode iuran and the programme dashboard (sinergi/rentan/payment_urls.py) join here:
# urlpatterns += payment_urlpatterns
from sinergi.rentan.payment_urls import payment_urlpatterns  # noqa: E402 (R3: payments and dashboard)

urlpatterns += payment_urlpatterns
