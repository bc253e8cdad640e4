"""The public home page and privacy notice: seeded texts, prices from the price list, the team, opening hours
from working hours, and every text editable in the admin by reception."""

import re
from datetime import time
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from clinic.users import roles
from quotes.models import TreatmentPrice
from tests.bookings.factories import ArtistFactory
from tests.clients.factories import ClientFactory
from tests.clinic.factories import UserFactory
from tests.helpers import text
from tests.website.factories import photo
from website.models import HomePage, PrivacyNotice, Question
from website.selectors import opening_hours

pytestmark = pytest.mark.django_db


def readable(html: str) -> str:
    """The page's words as they read: tags dropped, entities decoded, whitespace collapsed."""
    return text(re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")


def home_text(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return readable(response.content.decode())


def test_the_home_page_has_the_seeded_content_a_visitor_needs(client, settings):
    page = home_text(client)
    assert HomePage.load().headline in page
    for heading in (
        "What is scalp micropigmentation?",
        "Who it is for",
        "Free consultation",
        "3–4 treatment sessions",
        "30 days of aftercare",
        "Top-ups",
        "Treatments and prices",
        "Opening hours",
        "Questions clients ask",
    ):
        assert heading in page, heading
    assert "Does it hurt?" in page
    assert settings.CLINIC_ADDRESS in page and settings.CLINIC_PHONE in page
    html = client.get("/").content.decode()
    assert f'href="{settings.CLINIC_MAP_URL.replace("&", "&amp;")}"' in html
    assert f'href="{reverse("bookings:book")}"' in html


def test_from_prices_come_from_the_price_list_and_stay_inside_the_clinics_band(client, settings):
    TreatmentPrice.objects.filter(treatment_type="hairline").update(base_price=Decimal("1250.00"))
    TreatmentPrice.objects.filter(treatment_type="crown").update(base_price=Decimal("400.00"))  # under the floor
    TreatmentPrice.objects.filter(treatment_type="full_head").update(base_price=Decimal("3400.00"))  # over the cap
    TreatmentPrice.objects.filter(treatment_type="alopecia").delete()  # no price: not offered on the page
    page = home_text(client)
    assert "Hairline" in page and "from £1,250.00" in page
    assert "Crown" in page and "from £900.00" in page
    assert "Full head" in page and "from £3,000.00" in page
    assert "Alopecia" not in page.split("Treatments and prices")[1].split("Your artists")[0]
    prices = [Decimal(p.replace(",", "")) for p in re.findall(r"from £([\d,]+\.\d\d)", page)]
    assert prices and all(Decimal(900) <= p <= Decimal(3000) for p in prices)
    # A VAT-registered clinic shows what the client pays, as its quotes do.
    settings.VAT_REGISTERED = True
    assert "from £1,500.00" in home_text(client)


def test_opening_hours_are_the_active_artists_working_hours_merged():
    ArtistFactory(hours={0: [(time(9), time(12, 30)), (time(13, 30), time(17, 30))], 1: [(time(10), time(13))]})
    ArtistFactory(hours={0: [(time(12), time(20))], 1: [(time(14), time(18))]})
    ArtistFactory(is_active=False, hours={6: [(time(10), time(16))]})  # has left: Sunday stays closed
    week = {day.weekday: day.intervals for day in opening_hours()}
    assert list(week) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert week["Monday"] == [(time(9), time(20))]
    assert week["Tuesday"] == [(time(10), time(13)), (time(14), time(18))]
    assert week["Sunday"] == [] and week["Wednesday"] == []


def test_the_opening_hours_table_on_the_page(client):
    ArtistFactory(hours={0: [(time(9), time(17, 30))]})
    page = home_text(client)
    assert "Monday 09:00–17:30" in page and "Sunday Closed" in page


def test_the_team_shows_active_artists_with_bio_and_photo_or_initials(client):
    sam = ArtistFactory(display_name="Sam Okafor", bio="Ten years of SMP, hairlines a speciality.")
    sam.photo.save("sam.png", photo(), save=True)
    ArtistFactory(display_name="Priya Shah", bio="Density and scar work.")
    ArtistFactory(display_name="Gone Away", is_active=False)
    response = client.get("/")
    html = response.content.decode()
    page = readable(html)
    assert "Sam Okafor" in page and "Ten years of SMP" in page and "Priya Shah" in page
    assert "Gone Away" not in page
    assert re.search(r'<span class="site-avatar site-avatar-initials" aria-hidden="true">PS</span>', html)
    src = re.search(r'<img class="site-avatar" src="([^"]+)"', html).group(1).replace("&amp;", "&")
    served = client.get(src)
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert "public" in served["Cache-Control"]


def test_only_active_artists_photos_are_served(client):
    artist = ArtistFactory(is_active=False)
    artist.photo.save("gone.png", photo(), save=True)
    assert client.get(reverse("artist_photo", args=[artist.pk])).status_code == 404
    assert client.get(reverse("artist_photo", args=[ArtistFactory().pk])).status_code == 404  # no photo


def test_the_home_page_needs_the_same_queries_for_a_big_team(client, django_assert_max_num_queries):
    for _ in range(8):
        ArtistFactory(bio="Bio")
    Question.objects.bulk_create(Question(question=f"Q{n}?", answer="A.") for n in range(10))
    with django_assert_max_num_queries(8):
        client.get("/")


def test_the_privacy_notice_says_what_is_kept_why_how_long_the_rights_and_who_to_contact(client, settings):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    page = readable(response.content.decode())
    for heading in (
        "What personal and health data we keep",
        "Why we keep it",
        "How long we keep it",
        "Your rights",
        "Who to contact",
    ):
        assert heading in page, heading
    assert "screening" in page and "Information Commissioner" in page and settings.CLINIC_EMAIL in page


def privacy_link(html: str) -> bool:
    return f'href="{reverse("privacy")}"' in html


def test_the_privacy_notice_is_linked_from_the_footer_the_booking_form_and_the_portal(client, consultation, policy):
    assert privacy_link(client.get("/").content.decode().split("<footer")[1])
    form = client.get(reverse("bookings:book")).content.decode()
    # Next to the consent checkbox, where the client decides what to share.
    assert privacy_link(form.split('name="contact_consent"')[1].split("</form>")[0])
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.CLIENT))
    ClientFactory(user=user, email=user.email)
    client.force_login(user)
    portal = client.get(reverse("portal:home")).content.decode()
    assert privacy_link(portal.split("<main")[1].split("</main>")[0])


def reception(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STAFF))
    client.force_login(user)


def test_reception_edits_the_home_page_and_the_faq_in_the_admin(client):
    reception(client)
    page = HomePage.load()
    data = {f.name: getattr(page, f.name) for f in HomePage._meta.fields if f.editable and f.name != "id"}
    data["headline"] = "Natural-looking SMP in Manchester"
    response = client.post(reverse("admin:website_homepage_change", args=[1]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    add = reverse("admin:website_question_add")
    assert client.post(add, {"question": "Can I swim?", "answer": "After 28 days.", "position": 9, "is_shown": "on"})
    page = home_text(client)
    assert "Natural-looking SMP in Manchester" in page and "Can I swim?" in page
    # The two pages are one row each: no second one, no deleting.
    assert client.get(reverse("admin:website_homepage_add")).status_code == 403
    assert client.get(reverse("admin:website_privacynotice_delete", args=[1])).status_code == 403


def test_reception_edits_the_privacy_notice_and_the_manager_an_artists_bio(client):
    reception(client)
    notice = PrivacyNotice.load()
    data = {f.name: getattr(notice, f.name) for f in PrivacyNotice._meta.fields if f.editable and f.name != "id"}
    data.update(how_long="Seven years after your last session.", last_reviewed="2026-11-30")
    assert client.post(reverse("admin:website_privacynotice_change", args=[1]), data).status_code == 302
    assert "Seven years after your last session." in readable(client.get(reverse("privacy")).content.decode())
    artist = ArtistFactory(display_name="Tom Becker")
    change = reverse("admin:bookings_artist_change", args=[artist.pk])
    assert 'name="bio"' not in client.get(change).content.decode()  # artists are the manager's (least privilege)
    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    client.force_login(manager)
    form = client.get(change)
    assert form.status_code == 200 and 'name="bio"' in form.content.decode() and 'name="photo"' in form.content.decode()
