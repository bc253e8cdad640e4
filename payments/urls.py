from django.urls import path

from .views import desk, documents

app_name = "payments"

urlpatterns = [
    path("staff/quotes/<int:pk>/money/", desk.quote_money, name="quote"),
    path("staff/quotes/<int:pk>/money/payment/", desk.payment_new, name="payment_new"),
    path("staff/quotes/<int:pk>/money/write-off/", desk.write_off_new, name="write_off_new"),
    path("staff/payments/<int:pk>/refund/", desk.refund_new, name="refund_new"),
    path("receipts/<int:pk>/pdf/", documents.receipt_pdf, name="receipt_pdf"),
    path("quotes/<int:pk>/statement/", documents.statement, name="statement"),
    path("quotes/<int:pk>/statement/pdf/", documents.statement_pdf, name="statement_pdf"),
]
