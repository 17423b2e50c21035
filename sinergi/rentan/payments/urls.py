"""URL patterns of the payment batches, their documents, SP2D and reconciliation; included by ``rentan.urls``."""

from django.urls import path

from sinergi.rentan.payments import views

urlpatterns: list = [
    path("pembayaran/", views.batch_list, name="payment_batch_list"),
    path("program/<int:programme_id>/pembayaran/", views.programme_batches, name="payment_batches"),
    path("pembayaran/<int:pk>/", views.batch_detail, name="payment_batch"),
    path("pembayaran/<int:pk>/ajukan/", views.batch_submit_view, name="payment_batch_submit"),
    path("pembayaran/<int:pk>/sp2d/", views.batch_pay_view, name="payment_batch_pay"),
    path("pembayaran/<int:pk>/rekonsiliasi/", views.batch_reconcile_view, name="payment_batch_reconcile"),
    path("pembayaran/<int:pk>/batalkan-rekonsiliasi/", views.batch_reconcile_reverse_view,
         name="payment_batch_reconcile_reverse"),
    path("pembayaran/<int:pk>/unduh/<str:kind>.<str:fmt>", views.batch_export_view, name="payment_batch_export"),
]
