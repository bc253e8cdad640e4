from django.urls import path

from . import views

app_name = "payments_policy"

urlpatterns = [
    path("payments/policy/decisions/<int:pk>/waive/", views.waive, name="waive"),
]
