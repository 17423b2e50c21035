from django.urls import path

from sinergi.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="claim_list"),
    path("baru/", views.claim_create, name="claim_create"),
    path("<int:pk>/", views.claim_detail, name="claim_detail"),
    path("<int:pk>/dokumen/", views.claim_documents, name="claim_documents"),
    path("<int:pk>/verifikasi/", views.claim_verify, name="claim_verify"),
    path("<int:pk>/setujui/", views.claim_approve, name="claim_approve"),
    path("<int:pk>/kembalikan/", views.claim_return, name="claim_return"),
    path("<int:pk>/tolak/", views.claim_reject, name="claim_reject"),
    path("<int:pk>/bayar/", views.claim_pay, name="claim_pay"),
    path("<int:pk>/tahan/", views.claim_hold, name="claim_hold"),
]
