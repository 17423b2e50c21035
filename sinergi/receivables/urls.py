from django.urls import path

from sinergi.receivables import views

app_name = "receivables"
urlpatterns = [
    path("umur/", views.aging, name="aging"),
]
