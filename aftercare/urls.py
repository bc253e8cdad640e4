from django.urls import path

from . import views

app_name = "aftercare"

urlpatterns = [
    path("aftercare/<str:token>/", views.public_schedule, name="public_schedule"),
    path("portal/aftercare/<int:pk>/", views.portal_schedule, name="portal_schedule"),
    path("staff/aftercare/<int:pk>/", views.team_schedule, name="team_schedule"),
    path("staff/reminders/", views.reminders, name="reminders"),
    path("staff/reminders/<int:pk>/send/", views.reminder_send_now, name="send_now"),
]
