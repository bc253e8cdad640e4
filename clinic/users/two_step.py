"""Two-step login (TOTP) for team accounts, on django-otp: enrol, confirm, verify, remove.

A device is created unconfirmed when enrolment starts and becomes active only once a code from the
app has been accepted. A user has at most one confirmed device.
"""

import base64
from io import BytesIO

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import User

DEVICE_NAME = "Authenticator app"


def required_for(user: User) -> bool:
    """Whether the clinic makes this account use two-step login: managers by default, or every team account."""
    if settings.STAFF_REQUIRE_TOTP and roles.is_team_account(user):
        return True
    return settings.MANAGER_REQUIRE_TOTP and roles.has_role(user, roles.MANAGER)


def active_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def start_enrolment(*, user: User) -> TOTPDevice:
    """A fresh secret each time: an earlier, unconfirmed one (maybe seen by someone else) is dropped."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verify_code(*, user: User, device: TOTPDevice, code: str) -> bool:
    """django-otp's verification (drift, replay and throttling rules included)."""
    return django_otp.verify_token(user, device.persistent_id, code.strip()) is not None


@transaction.atomic
def confirm_enrolment(*, user: User, device: TOTPDevice, code: str) -> bool:
    if not verify_code(user=user, device=device, code=code):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    return True


@transaction.atomic
def remove_two_step(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (allowed by the CSP's img-src)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
