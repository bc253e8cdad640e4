from django.urls import path

from . import photos, views

app_name = "portal"

urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/details/", views.details, name="details"),
    path("portal/my-data/", views.export, name="export"),
    path("portal/login/", views.request_link, name="login"),
    path("portal/login/<str:token>/", views.use_link, name="link"),
    path("portal/email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("portal/sessions/<int:pk>/move/", views.move_session, name="move_session"),
    path("portal/aftercare/<int:pk>/", views.aftercare_schedule, name="aftercare"),
    path("portal/aftercare/<int:pk>/photos/", photos.healing_photos_page, name="healing_photos"),
    path("portal/photos/", photos.photos, name="photos"),
    path("portal/photos/<uuid:public_id>/gallery/", photos.photo_gallery, name="photo_gallery"),
    path("portal/consents/<int:pk>/pdf/", views.consent_pdf, name="consent_pdf"),
]
