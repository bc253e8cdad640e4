from django.urls import path

from .views import client, privacy

app_name = "records"

urlpatterns = [
    path("staff/clients/<int:pk>/", client.client_detail, name="client"),
    path("staff/clients/<int:pk>/notes/", client.client_note, name="note"),
    path("staff/clients/<int:pk>/screening/", client.client_screening, name="screening"),
    path("staff/clients/<int:pk>/gp-letter/", client.client_gp_letter, name="gp_letter"),
    path("staff/clients/<int:pk>/audit/", privacy.client_audit, name="client_audit"),
    path("staff/clients/<int:pk>/export/", privacy.client_export, name="export"),
    path("staff/clients/<int:pk>/erase/", privacy.client_erase, name="erase"),
    path("staff/audit/", privacy.audit_trail, name="audit_trail"),
]
