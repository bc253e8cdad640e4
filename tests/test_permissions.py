"""Object-level access for every page that shows a client, appointment, plan or note.

Anonymous → login; another client, an unassigned artist → 404; the assigned artist and staff → 200. The matrix
(`test_permission_matrix`) holds every object URL and role; the tests before it check what a status alone can't.
"""

from datetime import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bookings.services import create_plan, schedule_session
from clinic.users import roles
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import london
from tests.website.factories import with_photo

pytestmark = pytest.mark.django_db


def user_with(role: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def world(frozen, consultation, policy, session_services, spacing, eligible_client):
    artist = ArtistFactory(user=user_with(roles.ARTIST), hours={d: [(time(9), time(18))] for d in range(6)})
    stranger_artist = ArtistFactory(user=user_with(roles.ARTIST))
    owner = user_with(roles.CLIENT, email="owner@example.com")
    eligible_client.user = owner
    eligible_client.save()
    plan = create_plan(client=eligible_client, artist=artist, treatment_type="crown")
    session = schedule_session(plan_id=plan.pk, number=1, start=london(2026, 12, 1, 9, 0)).appointment
    other_client = user_with(roles.CLIENT)
    ClientFactory(user=other_client)
    return {
        "client": eligible_client,
        "plan": plan,
        "session": session,
        "users": {
            "staff": user_with(roles.STAFF),
            "artist": artist.user,
            "other_artist": stranger_artist.user,
            "owner": owner,
            "other_client": other_client,
        },
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200)],  # the 404s for everybody else: bookings:plan_new in the matrix below
)
def test_plan_creation_is_for_staff(client, world, who, status):
    client.force_login(world["users"][who])
    assert client.get(reverse("bookings:plan_new", args=[world["client"].pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200)],  # the 404s for everybody else: portal:move_session in the matrix below
)
def test_portal_session_move_is_for_its_client_only(client, world, who, status):
    client.force_login(world["users"][who])
    assert client.get(reverse("portal:move_session", args=[world["session"].pk])).status_code == status


def test_portal_needs_login(client, world):
    assert client.get(reverse("portal:home")).status_code == 302


def test_artists_only_find_their_own_clients(client, world):
    client.force_login(world["users"]["other_artist"])
    html = client.get(reverse("clients:search"), {"q": world["client"].full_name}).content.decode()
    assert world["client"].email not in html
    client.force_login(world["users"]["artist"])
    html = client.get(reverse("clients:search"), {"q": world["client"].full_name}).content.decode()
    assert world["client"].email in html


def test_artist_calendar_shows_only_their_own(client, world):
    client.force_login(world["users"]["other_artist"])
    html = client.get(reverse("bookings:calendar"), {"date": "2026-12-01"}).content.decode()
    assert world["client"].full_name not in html
    client.force_login(world["users"]["artist"])
    html = client.get(reverse("bookings:calendar"), {"date": "2026-12-01"}).content.decode()
    assert world["client"].full_name in html


@pytest.mark.parametrize("who", ["artist", "other_artist", "owner", "other_client"])
def test_only_staff_cancel_plans(client, world, who):
    client.force_login(world["users"][who])
    assert client.post(reverse("bookings:plan_cancel", args=[world["plan"].pk])).status_code == 404
    world["plan"].refresh_from_db()
    assert world["plan"].status == "active"


# ---------------------------------------------------------------------------------------------------
# The matrix: every object URL of the project, for anonymous, another client, an unassigned artist,
# staff and a manager (and the owner and the assigned artist where it helps). A new object URL without
# a row here fails `test_every_object_url_is_in_the_matrix`.

OBJECT_KWARGS = {"pk", "id", "token", "public_id", "slug", "secret"}
WHO = ("anonymous", "other_client", "other_artist", "staff", "manager", "owner", "artist")
LOGIN = "login"  # a redirect to the login page
OK = "ok"  # 200, or a redirect elsewhere / 422 for a POST with an empty form (the view was reached)


def _row(method, args, anonymous, other_client, other_artist, staff, manager, owner, artist):
    return (
        method,
        args,
        dict(zip(WHO, (anonymous, other_client, other_artist, staff, manager, owner, artist), strict=True)),
    )


def team(method, args, artist=OK):  # staff and the assigned artist
    return _row(method, args, LOGIN, 404, 404, OK, OK, 404, artist)


def staff_only(method, args):
    return _row(method, args, LOGIN, 404, 404, OK, OK, 404, 404)


def managers(method, args):
    return _row(method, args, LOGIN, 404, 404, 403, OK, 404, 404)


def portal(method, args):
    return _row(method, args, LOGIN, 404, 404, 404, 404, OK, 404)


def by_token(method, args):  # the token is the credential: whoever holds it, signed in or not
    return _row(method, args, OK, OK, OK, OK, OK, OK, OK)


PUBLIC = {"artist_photo"}  # open to everybody by their id, not by a token

MATRIX = {
    "bookings:confirmed": by_token("get", lambda w: [w["manage_token"]]),
    "bookings:manage": by_token("get", lambda w: [w["manage_token"]]),
    "bookings:cancel": by_token("get", lambda w: [w["manage_token"]]),
    "bookings:calendar_file": by_token("get", lambda w: [w["manage_token"]]),
    "bookings:feed": by_token("get", lambda w: [w["artist"].calendar_secret]),
    # (minted when asked: a login link is spent by any login of its user, force_login included)
    "portal:link": by_token("get", lambda w: [_login_token(w["users"]["owner"])]),
    "portal:confirm_email": by_token("get", lambda w: [_email_token(w["users"]["owner"])]),
    "password_reset_confirm": by_token("get", lambda w: _reset_args(w["users"]["owner"])),
    "quotes:client_quote": by_token("get", lambda w: [w["quote_token"]]),
    "quotes:client_quote_pdf": by_token("get", lambda w: [w["quote_token"]]),
    "payments_stripe:pay": by_token("get", lambda w: [w["quote_token"]]),  # GET: back to the quote
    "payments_stripe:returned": by_token("get", lambda w: [w["quote_token"]]),
    "aftercare:public_schedule": by_token("get", lambda w: [w["schedule_token"]]),
    "intake:start": by_token("get", lambda w: [w["manage_token"]]),
    "intake:screening": by_token("get", lambda w: [w["manage_token"]]),
    "intake:concern": by_token("get", lambda w: [w["manage_token"]]),
    "intake:photos": by_token("get", lambda w: [w["manage_token"]]),
    "intake:consent": by_token("get", lambda w: [w["manage_token"]]),
    "intake:review": team("get", lambda w: [w["consultation"].intake.pk]),
    "intake:confirm": team("post", lambda w: [w["consultation"].intake.pk]),  # after review: it confirms
    "bookings:plan": team("get", lambda w: [w["plan"].pk]),
    "bookings:appointment": team("get", lambda w: [w["session"].pk]),
    "bookings:appointment_outcome": team("post", lambda w: [w["session"].pk]),
    "bookings:appointment_note": team("post", lambda w: [w["session"].pk]),
    "bookings:time_off": team("get", lambda w: [w["time_off"].pk]),
    "records:client": team("get", lambda w: [w["client"].pk]),
    "clients:edit": team("get", lambda w: [w["client"].pk]),
    "records:note": team("post", lambda w: [w["client"].pk]),
    "records:screening": team("get", lambda w: [w["client"].pk]),
    "records:gp_letter": team("post", lambda w: [w["client"].pk]),
    "clients:consent": team("get", lambda w: [w["client"].pk]),
    "quotes:detail": team("get", lambda w: [w["quote"].pk]),
    "aftercare:team_schedule": team("get", lambda w: [w["schedule"].pk]),
    "quotes:pdf": _row("get", lambda w: [w["quote"].pk], LOGIN, 404, 404, OK, OK, OK, OK),
    "bookings:plan_new": staff_only("get", lambda w: [w["client"].pk]),
    "bookings:book_for_client": staff_only("get", lambda w: [w["client"].pk]),
    "quotes:new": staff_only("get", lambda w: [w["client"].pk]),
    "quotes:edit": staff_only("get", lambda w: [w["draft"].pk]),
    "quotes:revise": staff_only("post", lambda w: [w["quote"].pk]),
    "quotes:issue": staff_only("post", lambda w: [w["draft"].pk]),
    "outbox:send_now": staff_only("post", lambda w: [w["reminder"].pk]),
    "payments_policy:waive": staff_only("get", lambda w: [w["policy_decision"].pk]),
    "records:client_audit": managers("get", lambda w: [w["client"].pk]),
    "records:export": managers("post", lambda w: [w["client"].pk]),
    "records:erase": managers("post", lambda w: [w["client"].pk]),  # an empty form: 422, nothing erased
    "payments:quote": staff_only("get", lambda w: [w["paid_quote"].pk]),
    "payments:payment_new": staff_only("post", lambda w: [w["paid_quote"].pk]),  # an empty form: 422
    "payments:refund_new": staff_only("get", lambda w: [w["payment"].pk]),
    "payments:write_off_new": _row("post", lambda w: [w["paid_quote"].pk], LOGIN, 404, 404, 404, OK, 404, 404),
    # Money is the desk's and the client's: not the artist's, not even the assigned one.
    "payments:receipt_pdf": _row("get", lambda w: [w["payment"].receipt.pk], LOGIN, 404, 404, OK, OK, OK, 404),
    "payments:statement": _row("get", lambda w: [w["paid_quote"].pk], LOGIN, 404, 404, OK, OK, OK, 404),
    "payments:statement_pdf": _row("get", lambda w: [w["paid_quote"].pk], LOGIN, 404, 404, OK, OK, OK, 404),
    "portal:move_session": portal("get", lambda w: [w["session"].pk]),
    "portal:aftercare": portal("get", lambda w: [w["schedule"].pk]),
    # Photos: the file answers 404 to anyone not allowed, signed in or not (no login page for a photo URL).
    "photos:file": _row("get", lambda w: [w["photo"].public_id, "thumb"], 404, 404, 404, OK, OK, OK, OK),
    "photos:session": team("get", lambda w: [w["session"].pk]),
    "photos:client": team("get", lambda w: [w["client"].pk]),
    "photos:compare": team("get", lambda w: [w["client"].pk]),
    "photos:gallery_consent": team("post", lambda w: [w["photo"].public_id]),
    "portal:photo_gallery": portal("post", lambda w: [w["photo"].public_id]),
    "portal:healing_photos": portal("get", lambda w: [w["schedule"].pk]),
    # Signed consent and patch tests: the PDF for the client (portal) and the team; the tablet page for the team.
    "records:consent_sign": team("get", lambda w: [w["client"].pk]),
    "records:consent_pdf": team("get", lambda w: [_signed_consent(w).pk]),
    "portal:consent_pdf": portal("get", lambda w: [_signed_consent(w).pk]),
    "records:patch_test_new": team("get", lambda w: [w["client"].pk]),
    "records:patch_test_review": team("get", lambda w: [_patch_test(w).pk]),
    "records:patch_test_photo": team("get", lambda w: [_patch_test(w).pk]),
    # The website's team section: an active artist's photo is public.
    "artist_photo": by_token("get", lambda w: [with_photo(w["artist"])]),  # (no token: PUBLIC)
    "bookings:time_off_remove": team("post", lambda w: [w["time_off"].pk]),  # after time_off: it removes it
    "bookings:plan_cancel": staff_only("post", lambda w: [w["plan"].pk]),  # last: it cancels the plan
}


def _signed_consent(w):
    """A consent signed on the tablet (PDF stored), made once per world: a new current version for the client."""
    if "signed_consent" not in w:
        from django.test import TestCase

        from clients.consent.services import sign_consent
        from clients.models import ConsentText

        ConsentText.objects.filter(is_current=True).update(is_current=False)
        text = ConsentText.objects.create(version=99, body="Wording v99", is_current=True)
        with TestCase.captureOnCommitCallbacks(execute=True):
            w["signed_consent"] = sign_consent(
                client=w["client"], consent_text=text, method="typed", typed_name=w["client"].full_name
            )
    return w["signed_consent"]


def _patch_test(w):
    """A patch test with a photo (stored after commit), made once per world."""
    if "patch_test" not in w:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import TestCase

        from clients.patch_tests.services import record_patch_test
        from tests.clients.signatures import drawn_png

        photo = SimpleUploadedFile("spot.png", drawn_png(), content_type="image/png")
        with TestCase.captureOnCommitCallbacks(execute=True):
            w["patch_test"] = record_patch_test(
                client=w["client"],
                done_on=london(2026, 11, 20, 9, 0).date(),
                site="Behind the left ear",
                pigment="Shade 3",
                photo=photo,
            )
    return w["patch_test"]


def _login_token(user) -> str:
    from portal.login_links import make_login_token

    user.refresh_from_db()
    return make_login_token(user)


def _email_token(user) -> str:
    """A pending change of the owner's e-mail (the record has the new address, the login the old)."""
    from clients.models import Client
    from portal.email_change import make_email_token

    user.refresh_from_db()
    Client.objects.filter(user=user).update(email="owner.new@example.com")
    return make_email_token(user, "owner.new@example.com")


def _reset_args(user) -> list[str]:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.http import urlsafe_base64_encode

    user.refresh_from_db()
    return [urlsafe_base64_encode(str(user.pk).encode()), default_token_generator.make_token(user)]


def object_url_names() -> dict[str, str]:
    """{url name: route} for every pattern with an object kwarg (the admin has its own permission checks)."""
    from django.urls import URLResolver, get_resolver

    found = {}

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern, prefix + str(pattern.pattern), inner)
                continue
            kwargs = set(pattern.pattern.regex.groupindex)
            if any(k in OBJECT_KWARGS or k.endswith(("_pk", "_id")) for k in kwargs):
                found[":".join(filter(None, [namespace, pattern.name or ""]))] = prefix + str(pattern.pattern)

    walk(get_resolver(), "", "")
    return {name: route for name, route in found.items() if not route.startswith("admin/")}


def test_every_object_url_is_in_the_matrix():
    names = object_url_names()
    assert "records:erase" in names and "bookings:feed" in names  # the walk finds them
    missing = sorted(f"{name} ({route})" for name, route in names.items() if name not in MATRIX)
    assert missing == [], f"object URLs without a permission-matrix row: {missing}"
    assert sorted(set(MATRIX) - set(names)) == []  # no stale rows


@pytest.fixture
def matrix_world(frozen, consultation, policy, session_services, spacing, eligible_client):
    from aftercare.services.schedules import generate_aftercare_schedule
    from aftercare.tokens import make_schedule_token
    from bookings.models import TimeOff
    from bookings.tokens import make_manage_token
    from outbox.models import Reminder
    from payments.services.ledger import record_payment
    from payments.services.storing import store_receipt
    from photos.services import add_photo, make_photo_sizes
    from quotes.services import save_draft
    from quotes.tokens import make_quote_token
    from tests.helpers import build_world
    from tests.payments.factories import accepted_quote
    from tests.photos.images import jpeg_bytes, upload

    w = build_world(eligible_client)
    schedule = generate_aftercare_schedule(session=w["session"], purpose="between")
    w.update(
        manage_token=make_manage_token(w["consultation"]),
        quote_token=make_quote_token(w["quote"]),
        schedule=schedule,
        schedule_token=make_schedule_token(schedule),
        time_off=TimeOff.objects.create(
            artist=w["artist"], start=london(2026, 12, 20, 9, 0), end=london(2026, 12, 21, 9, 0), reason="Holiday"
        ),
        draft=save_draft(client=w["client"], treatment_type="hairline"),
        reminder=Reminder.objects.filter(client=w["client"], status="pending").first(),
        policy_decision=_policy_decision(w),
        photo=add_photo(
            client=w["client"],
            purpose="session_before",
            angle="crown",
            upload=upload(jpeg_bytes()),
            appointment=w["session"],
        ),
    )
    make_photo_sizes(photo_id=w["photo"].pk)  # what the task does after commit
    w["paid_quote"] = accepted_quote(client=w["client"])
    w["payment"] = record_payment(quote_id=w["paid_quote"].pk, amount="220", method="cash", kind="deposit").entry
    store_receipt(receipt_id=w["payment"].receipt.pk)
    return w


def _policy_decision(w):
    """What the payment policy decided about the session (a late cancellation kept as credit)."""
    from django.utils import timezone

    from payments.policy.models import PolicyDecision

    return PolicyDecision.objects.create(
        quote=w["quote"],
        appointment=w["session"],
        reason="late_cancellation",
        outcome="credit",
        decided_at=timezone.now(),
    )


def _outcome(response) -> str | int:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (200, 302, 422):
        return OK
    return response.status_code


@pytest.mark.parametrize("who", WHO)
def test_permission_matrix(client, matrix_world, who):
    assert list(MATRIX)[-1] == "bookings:plan_cancel"
    if who != "anonymous":
        client.force_login(matrix_world["users"][who])
    wrong = []
    for name, (method, args, expected) in MATRIX.items():
        url = reverse(name, args=args(matrix_world))
        got = _outcome(getattr(client, method)(url))
        if got != expected[who]:
            wrong.append((name, method, f"expected {expected[who]}, got {got}"))
    assert wrong == []


def test_tampered_tokens_are_404(client, matrix_world):
    for name, (_, args, expected) in MATRIX.items():
        if expected["anonymous"] == OK and name not in PUBLIC:  # the token URLs
            *rest, token = args(matrix_world)  # the token is the last argument
            response = client.get(reverse(name, args=[*rest, token[:-2] + ("AA" if token[-2:] != "AA" else "BB")]))
            assert response.status_code == 404, name
