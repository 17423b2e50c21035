"""``/api/v1/`` (the API, its OpenAPI schema and docs page) and the token pages of the profile."""

from django.urls import path

from sinergi.api import views
from sinergi.api.api import api

app_name = "apitokens"
urlpatterns = [
    path("profil/token-api/", views.token_list, name="token_list"),
    path("profil/token-api/<int:pk>/cabut/", views.token_revoke_view, name="token_revoke"),
]
api_urls = api.urls
