from django.urls import path

from .views import manage, public, staff

app_name = "bookings"

urlpatterns = [
    path("book/", public.book, name="book"),
    path("book/confirmed/<str:token>/", public.confirmed, name="confirmed"),
    path("bookings/<str:token>/", manage.manage, name="manage"),
    path("bookings/<str:token>/cancel/", manage.cancel, name="cancel"),
    path("staff/consultations/", staff.staff_consultations, name="staff_consultations"),
]
