from django.urls import path

from .views import (
    appointments,
    calendar,
    colours,
    grid,
    grid_book,
    grid_move,
    grid_styles,
    manage,
    plans,
    public,
    staff,
)

app_name = "bookings"

urlpatterns = [
    path("book/", public.book, name="book"),
    path("book/confirmed/<str:token>/", public.confirmed, name="confirmed"),
    path("bookings/<str:token>/", manage.manage, name="manage"),
    path("bookings/<str:token>/cancel/", manage.cancel, name="cancel"),
    path("bookings/<str:token>/consultation.ics", manage.calendar_file, name="calendar_file"),
    path("staff/consultations/", staff.staff_consultations, name="staff_consultations"),
    path("staff/clients/<int:pk>/consultations/new/", staff.book_for_client, name="book_for_client"),
    path("staff/clients/<int:client_pk>/plans/new/", plans.plan_new, name="plan_new"),
    path("staff/plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("staff/plans/<int:pk>/cancel/", plans.plan_cancel, name="plan_cancel"),
    path("staff/appointments/<int:pk>/", appointments.appointment_detail, name="appointment"),
    path("staff/appointments/<int:pk>/outcome/", appointments.appointment_outcome, name="appointment_outcome"),
    path("staff/appointments/<int:pk>/notes/", appointments.appointment_note, name="appointment_note"),
    path("staff/calendar/", grid.calendar, name="calendar"),
    path("staff/calendar/book/", grid_book.grid_book, name="grid_book"),
    path("staff/calendar/move/", grid_move.grid_move, name="grid_move"),
    path("staff/calendar-grid.css", grid_styles.grid_styles, name="grid_styles"),
    path("staff/artist-colours.css", colours.artist_colours, name="artist_colours"),
    path("staff/time-off/new/", calendar.time_off_new, name="time_off_new"),
    path("staff/time-off/<int:pk>/", calendar.time_off_detail, name="time_off"),
    path("staff/time-off/<int:pk>/remove/", calendar.time_off_remove, name="time_off_remove"),
    path("staff/calendar/feed/", calendar.feed_settings, name="feed_settings"),
    path("staff/calendar/feed/regenerate/", calendar.feed_regenerate, name="feed_regenerate"),
    path("calendar/<str:secret>.ics", calendar.feed, name="feed"),
]
