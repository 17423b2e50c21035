from django.urls import path

from sinergi.receivables import operations_views, views

app_name = "receivables"
urlpatterns = [
    path("umur/", views.aging, name="aging"),
    path("penagihan/", operations_views.billing_run_page, name="billing_run"),
    path("pembayaran/", operations_views.payments, name="payments"),
    path("pembayaran/<int:pk>/", operations_views.payment_detail, name="payment_detail"),
    path("pembayaran/<int:pk>/batalkan/", operations_views.payment_reverse_view, name="payment_reverse"),
]
