from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", views.login, name="login"),
    path("accounts/login/verify/", views.verify, name="two_step_verify"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/", views.account, name="account"),
    path("accounts/two-step/", views.two_step_setup, name="two_step"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The admin's own login, behind the same per-IP limit (axes locks it out like the others).
    path("admin/login/", views.login_rate_limit(admin.site.login), name="admin_login"),
]
