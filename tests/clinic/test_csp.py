"""The strict policy everywhere; under /admin/ it also allows Django's one inline change-list style, by hash."""

import base64
import hashlib

import pytest
from django.contrib import admin

from bookings.models import BookingPolicy

pytestmark = pytest.mark.django_db


def test_only_the_admin_allows_the_hash_of_djangos_change_list_style(client, admin_client, policy):
    # An admin without the actions bar is the case where Django writes its inline <style>.
    model_admin = admin.site._registry[BookingPolicy]
    model_admin.actions_on_top = model_admin.actions_on_bottom = False
    try:
        page = admin_client.get("/admin/bookings/bookingpolicy/")
    finally:
        model_admin.actions_on_top, model_admin.actions_on_bottom = True, False
    html = page.content.decode()
    body = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page["Content-Security-Policy"]
    public = client.get("/")["Content-Security-Policy"]
    assert "sha256" not in public and "unsafe-inline" not in public
    assert "unsafe-inline" not in page["Content-Security-Policy"]
