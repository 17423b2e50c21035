from django.urls import path

from sinergi.receivables import statement_views
from sinergi.registry import upload_views, views

app_name = "registry"
urlpatterns = [
    path("", views.employer_list, name="employer_list"),
    path("impor/", upload_views.registry_import_page, name="import"),
    path("<int:pk>/", views.employer_detail, name="employer_detail"),
    path("<int:pk>/rekening-koran/", statement_views.statement, name="statement"),
    path("tenaga-kerja/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("tenaga-kerja/<int:pk>/nik/", views.worker_nik_unmask, name="worker_nik_unmask"),
]
