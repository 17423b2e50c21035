from django.urls import path

from sinergi.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/ulang/", views.job_retry_view, name="retry"),
    path("<uuid:job_id>/berkas/<str:name>", views.job_file, name="file"),
]
