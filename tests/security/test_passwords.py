"""Password rules (length 10, not common, not all digits, not like the account) wherever one is set."""

import pytest
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError

from clinic.users.forms import UserCreationForm
from clinic.users.models import User
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short1x!", "at least 10 characters"),
        ("password123", "too common"),
        ("4815162342", "entirely numeric"),
        ("jane.smith.example", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    user = User(email="jane.smith@example.com", full_name="Jane Smith")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert message in " ".join(error.value.messages)


def test_a_good_password_passes():
    # it passes the rules above, not for want of rules
    names = {type(v).__name__ for v in get_default_password_validators()}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"} <= names
    assert "UserAttributeSimilarityValidator" in names
    assert validate_password("tidal-orchid-ferry-81", User(email="jane.smith@example.com")) is None


def test_changing_a_password_applies_the_rules(client, staff_user):
    client.force_login(staff_user)
    weak = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "abc123", "new_password2": "abc123"},
    )
    assert weak.status_code == 200
    assert "at least 10 characters" in weak.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)

    good = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "tidal-orchid-ferry-81", "new_password2": "tidal-orchid-ferry-81"},
    )
    assert good.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password("tidal-orchid-ferry-81")
    assert client.get("/staff/calendar/").status_code == 200  # still logged in after the change


def test_a_client_without_a_password_chooses_one_under_the_same_rules(client, client_user):
    client_user.set_unusable_password()
    client_user.save()
    client.force_login(client_user)
    assert "Choose a password" in client.get("/accounts/").content.decode()
    weak = client.post("/accounts/password/", {"new_password1": "1234567890", "new_password2": "1234567890"})
    assert "entirely numeric" in weak.content.decode()
    good = client.post(
        "/accounts/password/", {"new_password1": "tidal-orchid-ferry-81", "new_password2": "tidal-orchid-ferry-81"}
    )
    assert good.status_code == 302
    client_user.refresh_from_db()
    assert client_user.check_password("tidal-orchid-ferry-81")


def test_the_admin_forms_apply_the_rules(client, admin_user):
    form = UserCreationForm(data={"email": "new@example.com", "password1": "password1", "password2": "password1"})
    assert not form.is_valid()
    assert "too common" in str(form.errors)
    client.force_login(admin_user)
    target = User.objects.create_user("someone@example.com", PASSWORD)
    response = client.post(
        f"/admin/users/user/{target.pk}/password/", {"password1": "shortpw1", "password2": "shortpw1"}
    )
    assert response.status_code == 200
    assert "at least 10 characters" in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_logged_out_users_cannot_reach_the_password_page(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
