from django.urls import path

from sinergi.web import calculators, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("profil/", views.profile, name="profile"),
    path("kalkulator-iuran/", calculators.calculator, name="calculator"),
    path("cek-nik/", calculators.nik_check_page, name="nik_check"),
]
