from django.urls import path

from .views import staff

app_name = "clients"

urlpatterns = [
    path("staff/clients/", staff.client_search, name="search"),
    path("staff/clients/new/", staff.client_new, name="new"),
    path("staff/clients/<int:pk>/edit/", staff.client_edit, name="edit"),
    path("staff/clients/<int:pk>/consent/", staff.client_consent, name="consent"),
]
