from django.urls import path

from sinergi.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.my_unit, name="my_unit"),
    path("<int:unit_id>/", views.unit_detail, name="unit_detail"),
]
