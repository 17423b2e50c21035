from django.urls import path

from sinergi.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:object_type>/<str:object_id>/", views.object_history, name="object_history"),
]
