from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("staff/reminders/", views.reminders, name="reminders"),
    path("staff/reminders/<int:pk>/send/", views.reminder_send_now, name="send_now"),
]
