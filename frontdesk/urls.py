from django.urls import path

from . import views
from .reports import views as reports

app_name = "frontdesk"

urlpatterns = [
    path("staff/", views.home, name="home"),
    path("staff/reports/", reports.reports, name="reports"),
]
