"""What the client's record says about an appointment (bookings/flags.py): consent and patch test.

"Consent to sign" / "Consent signed" on consultations and session 1 (the staff home says the same, from
the same selector); "Patch test: due / pending / clear / reaction" on session 1 where the clinic requires
a patch test (or the client has one). A constant number of queries for any list of appointments.
"""

from bookings.flags import Flag
from bookings.models import BookingPolicy, Service
from clients.consent.selectors import clients_with_current_consent
from clients.patch_tests.selectors import patch_test_statuses
from clinic.links import link_maker

PATCH_TONES = {"due": "todo", "pending": "todo", "clear": "done", "reaction": "warning"}


def consent_flags(appointments: list) -> dict[int, list[Flag]]:
    consultation = Service.objects.filter(slug=Service.CONSULTATION).values_list("pk", flat=True).first()
    wanted = [a for a in appointments if a.session_number == 1 or (not a.plan_id and a.service_id == consultation)]
    if not wanted:
        return {}
    signed = clients_with_current_consent(a.client_id for a in wanted)
    sign_url = link_maker("records:consent_sign")
    flags = {}
    for a in wanted:
        if a.client_id in signed:
            flags[a.pk] = [Flag("Consent signed", "done", key="consent")]
        else:
            flags[a.pk] = [Flag("Consent to sign", "todo", url=sign_url(a.client_id), key="consent")]
    return flags


def patch_test_flags(appointments: list) -> dict[int, list[Flag]]:
    firsts = [a for a in appointments if a.plan_id and a.session_number == 1]
    if not firsts:
        return {}
    required = BookingPolicy.load().patch_test_required
    statuses = patch_test_statuses(client_ids={a.client_id for a in firsts})
    client_url = link_maker("records:client")
    flags = {}
    for a in firsts:
        status = statuses[a.client_id]
        if not required and status.latest is None:
            continue  # the clinic doesn't ask for one and none was done: nothing to say
        url = client_url(a.client_id) + "#patch-tests"
        flags[a.pk] = [Flag(status.text, PATCH_TONES[status.state], url=url, key="patch-test")]
    return flags
