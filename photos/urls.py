from django.urls import path

from . import views

app_name = "photos"

urlpatterns = [
    path("photos/<uuid:public_id>/<str:size>/", views.photo_file, name="file"),
    path("staff/photos/<uuid:public_id>/gallery/", views.gallery_consent, name="gallery_consent"),
    path("staff/appointments/<int:pk>/photos/", views.session_page, name="session"),
    path("staff/clients/<int:pk>/photos/", views.client_list, name="client"),
    path("staff/clients/<int:pk>/photos/compare/", views.compare, name="compare"),
]
