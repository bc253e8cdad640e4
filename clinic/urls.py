from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bookings.api import api
from bookings.views.public import home
from clinic.access import after_login

urlpatterns = [
    path("", home, name="home"),
    path("accounts/start/", after_login, name="after_login"),
    path("", include("bookings.urls")),
    path("", include("clients.urls")),
    path("", include("quotes.urls")),
    path("", include("aftercare.urls")),
    path("api/v1/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

handler404 = "clinic.errors.not_found"
