from django.urls import path

from . import views

# No namespace: `{% url 'home' %}` and `{% url 'privacy' %}` are used by every app's pages.
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("team/<int:artist_id>/photo/", views.artist_photo, name="artist_photo"),
    path("favicon.ico", views.favicon_ico, name="favicon_ico"),
]
