from django.urls import path

from . import views

app_name = "frontdesk"

urlpatterns = [
    path("staff/", views.home, name="home"),
]
