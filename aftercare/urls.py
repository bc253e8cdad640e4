from django.urls import path

from . import views

app_name = "aftercare"

urlpatterns = [
    path("aftercare/<str:token>/", views.public_schedule, name="public_schedule"),
    path("staff/aftercare/<int:pk>/", views.team_schedule, name="team_schedule"),
]
