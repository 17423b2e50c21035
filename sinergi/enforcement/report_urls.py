"""URL patterns appended to ``enforcement.urls`` (app_name "enforcement")."""

urlpatterns: list = []
