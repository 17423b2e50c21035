from django.urls import path

from sinergi.coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("pemberi-kerja/", views.employers_page, name="employers"),
    path("prospek/", views.prospects_page, name="prospects"),
    path("angkatan-kerja/", views.workforce_page, name="workforce"),
    path("jakon/", views.projects_page, name="projects"),
]
