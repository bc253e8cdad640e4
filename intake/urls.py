from django.urls import path

from .views import client, staff

app_name = "intake"

urlpatterns = [
    path("bookings/<str:token>/intake/", client.start, name="start"),
    path("bookings/<str:token>/intake/questions/", client.screening, name="screening"),
    path("bookings/<str:token>/intake/concern/", client.concern, name="concern"),
    path("bookings/<str:token>/intake/photos/", client.photos, name="photos"),
    path("bookings/<str:token>/intake/consent/", client.consent, name="consent"),
    path("staff/intakes/<int:pk>/", staff.review, name="review"),
    path("staff/intakes/<int:pk>/confirm/", staff.confirm, name="confirm"),
]
