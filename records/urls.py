from django.urls import path

from .views import client, consent, patch_tests, privacy

app_name = "records"

urlpatterns = [
    path("staff/clients/<int:pk>/", client.client_detail, name="client"),
    path("staff/clients/<int:pk>/notes/", client.client_note, name="note"),
    path("staff/clients/<int:pk>/screening/", client.client_screening, name="screening"),
    path("staff/clients/<int:pk>/gp-letter/", client.client_gp_letter, name="gp_letter"),
    path("staff/clients/<int:pk>/consent/sign/", consent.consent_sign, name="consent_sign"),
    path("staff/consents/<int:pk>/pdf/", consent.consent_pdf, name="consent_pdf"),
    path("staff/clients/<int:pk>/patch-tests/new/", patch_tests.patch_test_new, name="patch_test_new"),
    path("staff/patch-tests/<int:pk>/review/", patch_tests.patch_test_review, name="patch_test_review"),
    path("staff/patch-tests/<int:pk>/photo/", patch_tests.patch_test_photo, name="patch_test_photo"),
    path("staff/clients/<int:pk>/audit/", privacy.client_audit, name="client_audit"),
    path("staff/clients/<int:pk>/export/", privacy.client_export, name="export"),
    path("staff/clients/<int:pk>/erase/", privacy.client_erase, name="erase"),
    path("staff/audit/", privacy.audit_trail, name="audit_trail"),
]
