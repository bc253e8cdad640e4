from django.urls import path

from .views import portal, privacy, staff

app_name = "clients"

urlpatterns = [
    path("staff/clients/", staff.client_search, name="search"),
    path("staff/clients/new/", staff.client_new, name="new"),
    path("staff/clients/<int:pk>/consultations/new/", staff.client_book_consultation, name="book_consultation"),
    path("staff/clients/<int:pk>/", staff.client_detail, name="detail"),
    path("staff/clients/<int:pk>/edit/", staff.client_edit, name="edit"),
    path("staff/clients/<int:pk>/notes/", staff.client_note, name="note"),
    path("staff/clients/<int:pk>/screening/", staff.client_screening, name="screening"),
    path("staff/clients/<int:pk>/consent/", staff.client_consent, name="consent"),
    path("staff/clients/<int:pk>/audit/", privacy.client_audit, name="audit"),
    path("staff/clients/<int:pk>/export/", privacy.client_export, name="privacy_export"),
    path("staff/clients/<int:pk>/erase/", privacy.client_erase, name="privacy_erase"),
    path("staff/audit/", privacy.audit_trail, name="audit_trail"),
    path("portal/", portal.home, name="portal"),
    path("portal/login/", portal.request_link, name="portal_login"),
    path("portal/login/<str:token>/", portal.use_link, name="portal_link"),
    path("portal/sessions/<int:pk>/move/", portal.move_session, name="portal_move_session"),
]
