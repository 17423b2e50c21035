from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sinergi.api.urls import api_urls
from sinergi.web.forms import LoginForm

handler403 = "sinergi.web.views.error_403"
handler404 = "sinergi.web.views.error_404"
handler500 = "sinergi.web.views.error_500"

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
         name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("unit/", include("sinergi.orgs.urls")),
    path("pekerjaan/", include("sinergi.jobs.urls")),
    path("audit/", include("sinergi.audit.urls")),
    path("wilayah/", include("sinergi.regions.urls")),
    path("pemberi-kerja/", include("sinergi.registry.urls", namespace="registry")),
    path("piutang/", include("sinergi.receivables.urls", namespace="receivables")),
    path("penegakan/", include("sinergi.enforcement.urls", namespace="enforcement")),
    path("rentan/", include("sinergi.rentan.urls", namespace="rentan")),
    path("cakupan/", include("sinergi.coverage.urls", namespace="coverage")),
    path("klaim/", include("sinergi.claims.urls", namespace="claims")),
    path("api/v1/", api_urls),
    path("", include("sinergi.api.urls", namespace="apitokens")),
    path("", include("sinergi.web.urls")),
]
