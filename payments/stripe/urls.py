from django.urls import path

from . import views

app_name = "payments_stripe"

urlpatterns = [
    path("payments/stripe/webhook/", views.webhook, name="webhook"),
    path("payments/q/<str:token>/pay/", views.pay, name="pay"),
    path("payments/q/<str:token>/paid/", views.returned, name="returned"),
]
