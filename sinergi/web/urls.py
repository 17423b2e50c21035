from django.urls import path

from sinergi.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("profil/", views.profile, name="profile"),
]
