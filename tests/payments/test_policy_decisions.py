"""The policy applied: a late cancellation or a no-show of a treatment session, a postponing screening, a waiver."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from bookings.services import cancel_appointment, record_outcome
from clients.services import record_screening
from payments.models import LedgerEntry
from payments.policy.decisions import NotWaivable, waive_decision
from payments.policy.models import PolicyDecision
from payments.selectors.balance import balance_of
from tests.helpers import london
from tests.payments.policy_world import accepted_quote, pay_deposit, set_policy

pytestmark = pytest.mark.django_db
LATE = london(2026, 12, 1, 12, 0)  # 46 h before session 1 (Thu 3 Dec 10:00): inside the 48 h notice


def fees(quote):
    return list(LedgerEntry.objects.filter(quote=quote, kind="fee").values_list("amount", flat=True))


def cancel_late(frozen, session, **kwargs):
    frozen.move_to(LATE)
    return cancel_appointment(appointment_id=session.pk, online=False, **kwargs)


def test_a_late_cancellation_forfeits_the_deposit_by_default(treatment, frozen):
    quote, session = treatment["quote"], treatment["session"]
    pay_deposit(quote)
    cancel_late(frozen, session)
    decision = PolicyDecision.objects.get(appointment=session)
    assert (decision.reason, decision.outcome, decision.amount) == ("late_cancellation", "forfeit", quote.deposit)
    assert decision.notice == timedelta(hours=46) and decision.by_client is False
    assert decision.decided_at == decision.fee_entry.recorded_at == LATE
    assert fees(quote) == [quote.deposit]
    # The deposit no longer counts against the total: the full price is owed again.
    assert balance_of(quote).outstanding == quote.total
    assert "Deposit forfeited" in decision.fee_entry.note or "deposit forfeited" in decision.fee_entry.note


def test_a_late_cancellation_keeps_the_deposit_as_credit(treatment, frozen):
    set_policy(late_cancellation="credit")
    quote, session = treatment["quote"], treatment["session"]
    pay_deposit(quote)
    cancel_late(frozen, session)
    decision = PolicyDecision.objects.get(appointment=session)
    assert (decision.outcome, decision.amount, decision.fee_entry) == ("credit", Decimal("0.00"), None)
    assert fees(quote) == []
    assert balance_of(quote).outstanding == quote.total - quote.deposit


def test_a_late_cancellation_can_cost_a_fee_instead(treatment, frozen):
    set_policy(late_cancellation="fee", late_cancellation_fee=Decimal("75.00"))
    quote, session = treatment["quote"], treatment["session"]
    pay_deposit(quote)
    cancel_late(frozen, session)
    assert fees(quote) == [Decimal("75.00")]
    assert balance_of(quote).outstanding == quote.total - quote.deposit + Decimal("75.00")


def test_cancelling_with_enough_notice_costs_nothing(treatment, frozen):
    quote, session = treatment["quote"], treatment["session"]
    pay_deposit(quote)
    frozen.move_to(london(2026, 12, 1, 9, 59))  # 48 h 01 min before
    cancel_appointment(appointment_id=session.pk, online=False)
    assert not PolicyDecision.objects.exists() and fees(quote) == []


def test_the_notice_is_the_booking_policys_one_number(treatment, frozen, notice_48):
    notice_48.change_notice_hours = 24
    notice_48.save()
    pay_deposit(treatment["quote"])
    cancel_late(frozen, treatment["session"])  # 46 h: on time under a 24 h rule
    assert not PolicyDecision.objects.exists()


def test_marking_a_session_cancelled_applies_the_policy_too(treatment, frozen):
    pay_deposit(treatment["quote"])
    frozen.move_to(LATE)
    record_outcome(appointment_id=treatment["session"].pk, outcome="cancelled")
    assert PolicyDecision.objects.get().outcome == "forfeit"


def test_nothing_is_forfeited_when_no_deposit_was_paid(treatment, frozen):
    cancel_late(frozen, treatment["session"])
    decision = PolicyDecision.objects.get()
    assert (decision.outcome, decision.amount, decision.fee_entry) == ("forfeit", Decimal("0.00"), None)
    assert fees(treatment["quote"]) == []


def test_a_second_late_cancellation_forfeits_only_what_is_left(treatment, frozen, artist):
    from bookings.services import schedule_session

    quote = treatment["quote"]
    pay_deposit(quote)
    cancel_late(frozen, treatment["session"])
    again = schedule_session(plan_id=quote.plan_id, number=1, start=london(2026, 12, 4, 10, 0)).appointment
    frozen.move_to(london(2026, 12, 3, 12, 0))
    cancel_appointment(appointment_id=again.pk, online=False)
    assert PolicyDecision.objects.get(appointment=again).amount == Decimal("0.00")
    assert fees(quote) == [quote.deposit]


def test_a_no_show_forfeits_the_deposit_or_costs_its_fee(treatment, frozen):
    quote, session = treatment["quote"], treatment["session"]
    pay_deposit(quote)
    set_policy(no_show="fee", no_show_fee=Decimal("120.00"))
    frozen.move_to(london(2026, 12, 3, 10, 30))
    record_outcome(appointment_id=session.pk, outcome="no_show")
    decision = PolicyDecision.objects.get(appointment=session)
    assert (decision.reason, decision.outcome, decision.amount) == ("no_show", "fee", Decimal("120.00"))
    assert fees(quote) == [Decimal("120.00")]


def test_a_no_show_forfeits_by_default(treatment, frozen):
    quote = treatment["quote"]
    pay_deposit(quote)
    frozen.move_to(london(2026, 12, 3, 10, 30))
    record_outcome(appointment_id=treatment["session"].pk, outcome="no_show")
    assert fees(quote) == [quote.deposit]


def test_a_consultation_no_show_is_free(frozen, artist, eligible_client, notice_48):
    from bookings.services import book_consultation
    from clients.services import ClientDetails

    quote = accepted_quote(eligible_client)
    consult = book_consultation(
        start=london(2026, 12, 1, 10, 0),
        artist_id=artist.pk,
        client_details=ClientDetails(full_name="Jamie Walsh", email="jamie@example.com", phone="+447700900123"),
        client=eligible_client,
        online=False,
    )
    frozen.move_to(london(2026, 12, 1, 10, 30))
    record_outcome(appointment_id=consult.pk, outcome="no_show")
    assert not PolicyDecision.objects.exists() and fees(quote) == []


# -- the clock changes: the notice is real time, not wall-clock time --------------------------------------


@pytest.fixture
def autumn(time_machine, artist, eligible_client, notice_48):
    """Session 1 on Mon 26 Oct 2026 10:00 GMT, the day after the clocks go back (Sun 25 Oct, 02:00 BST)."""
    from bookings.services import schedule_session

    time_machine.move_to(london(2026, 10, 19, 9, 0), tick=False)
    quote = accepted_quote(eligible_client)
    pay_deposit(quote)
    session = schedule_session(plan_id=quote.plan_id, number=1, start=london(2026, 10, 26, 10, 0)).appointment
    return quote, session


def test_autumn_48_real_hours_are_49_on_the_clock(autumn, time_machine):
    _quote, session = autumn
    time_machine.move_to(london(2026, 10, 24, 10, 30))  # Sat 10:30 BST: 48.5 real hours (47.5 on the wall clock)
    cancel_appointment(appointment_id=session.pk, online=False)
    assert not PolicyDecision.objects.exists()


def test_autumn_late_by_real_hours(autumn, time_machine):
    _quote, session = autumn
    time_machine.move_to(london(2026, 10, 24, 11, 30))  # 47.5 real hours
    cancel_appointment(appointment_id=session.pk, online=False)
    assert PolicyDecision.objects.get().notice == timedelta(hours=47, minutes=30)


@pytest.fixture
def spring(time_machine, artist, eligible_client, notice_48):
    """Session 1 on Mon 29 Mar 2027 10:00 BST, the day after the clocks go forward (Sun 28 Mar, 01:00 GMT)."""
    from bookings.services import schedule_session

    time_machine.move_to(london(2027, 3, 22, 9, 0), tick=False)
    quote = accepted_quote(eligible_client)
    pay_deposit(quote)
    session = schedule_session(plan_id=quote.plan_id, number=1, start=london(2027, 3, 29, 10, 0)).appointment
    return quote, session


def test_spring_48_hours_on_the_clock_are_47_real_ones(spring, time_machine):
    quote, session = spring
    time_machine.move_to(london(2027, 3, 27, 10, 0))  # Sat 10:00 GMT: 48 h on the wall clock, 47 real hours
    cancel_appointment(appointment_id=session.pk, online=False, now=london(2027, 3, 27, 10, 0))
    decision = PolicyDecision.objects.get()
    assert decision.notice == timedelta(hours=47) and decision.amount == quote.deposit


def test_spring_on_time_by_real_hours(spring, time_machine):
    _quote, session = spring
    time_machine.move_to(london(2027, 3, 27, 8, 59))  # 48 h 01 min real
    cancel_appointment(appointment_id=session.pk, online=False)
    assert not PolicyDecision.objects.exists()


# -- screening postpones treatment --------------------------------------------------------------------------


def postpone(client):
    return record_screening(
        client=client,
        answers={"pregnant": True},
        recorded_by=None,
        postpone_until=date(2027, 3, 1),
    )


def test_postponement_holds_the_deposit_by_default(treatment):
    quote = treatment["quote"]
    pay_deposit(quote)
    screening = postpone(treatment["client"])
    decision = PolicyDecision.objects.get(screening=screening)
    assert (decision.reason, decision.outcome, decision.amount) == ("postponement", "hold", Decimal("0.00"))
    assert not LedgerEntry.objects.filter(kind="refund").exists()
    assert balance_of(quote).outstanding == quote.total - quote.deposit


def test_postponement_refunds_a_desk_deposit_when_the_policy_says_so(treatment):
    set_policy(postponement="refund")
    quote = treatment["quote"]
    deposit = pay_deposit(quote, method="cash")
    postpone(treatment["client"])
    (refund,) = LedgerEntry.objects.filter(kind="refund")
    assert (refund.refunds, refund.amount, refund.method) == (deposit, quote.deposit, "cash")
    assert balance_of(quote).outstanding == quote.total
    assert PolicyDecision.objects.get().amount == Decimal("0.00")  # nothing left to give back


def test_an_online_deposit_without_the_provider_is_left_as_refund_due(treatment):
    set_policy(postponement="refund")
    quote = treatment["quote"]
    pay_deposit(quote, method="card_online", reference="pi_test_1")
    postpone(treatment["client"])
    assert not LedgerEntry.objects.filter(kind="refund").exists()
    assert PolicyDecision.objects.get().amount == quote.deposit  # staff see what is still to give back


def test_a_postponed_screening_without_an_accepted_quote_does_nothing(eligible_client):
    postpone(eligible_client)
    assert not PolicyDecision.objects.exists()


# -- waivers ------------------------------------------------------------------------------------------------


def test_staff_waive_a_forfeit_with_a_reason_as_a_new_entry(treatment, frozen, staff):
    quote = treatment["quote"]
    pay_deposit(quote)
    cancel_late(frozen, treatment["session"])
    decision = waive_decision(
        decision_id=PolicyDecision.objects.get().pk, reason="Artist was ill and asked to move it", by=staff
    )
    assert decision.waived_by == staff and decision.waived_reason == "Artist was ill and asked to move it"
    entry = decision.waiver_entry
    assert (entry.kind, entry.amount, entry.recorded_by) == ("write_off", quote.deposit, staff)
    assert "Artist was ill" in entry.note
    assert LedgerEntry.objects.filter(quote=quote).count() == 3  # deposit, fee, write-off: nothing changed
    assert balance_of(quote).outstanding == quote.total - quote.deposit
    assert decision.history.first().waived_reason == "Artist was ill and asked to move it"  # the audit trail
    with pytest.raises(NotWaivable, match="already waived"):
        waive_decision(decision_id=decision.pk, reason="Twice by mistake", by=staff)


def test_a_waiver_needs_a_written_reason_and_something_charged(treatment, frozen, staff):
    set_policy(late_cancellation="credit")
    pay_deposit(treatment["quote"])
    cancel_late(frozen, treatment["session"])
    decision = PolicyDecision.objects.get()
    with pytest.raises(NotWaivable, match="Nothing was charged"):
        waive_decision(decision_id=decision.pk, reason="Good reason here", by=staff)


def test_a_waiver_with_a_blank_reason_is_refused_and_records_nothing(treatment, frozen, staff):
    pay_deposit(treatment["quote"])
    cancel_late(frozen, treatment["session"])
    decision = PolicyDecision.objects.get()
    with pytest.raises(NotWaivable, match="Say why"):
        waive_decision(decision_id=decision.pk, reason="  ", by=staff)
    assert not LedgerEntry.objects.filter(kind="write_off").exists()


def test_the_cancellation_e_mail_says_what_the_late_cancellation_cost(
    treatment, frozen, django_capture_on_commit_callbacks
):
    pay_deposit(treatment["quote"])
    with django_capture_on_commit_callbacks(execute=True):
        cancel_late(frozen, treatment["session"])
    (message,) = [m for m in mail.outbox if "cancelled" in m.subject]
    assert "has been cancelled" in message.body
    assert f"your deposit of £{treatment['quote'].deposit:,.2f} is forfeited" in message.body
    assert "less than 48 hours' notice" in message.body


# -- the waiver page ---------------------------------------------------------------------------------------


@pytest.fixture
def forfeited(treatment, frozen):
    pay_deposit(treatment["quote"])
    cancel_late(frozen, treatment["session"])
    return PolicyDecision.objects.get()


def test_staff_waive_on_the_page_with_a_reason(client, staff, forfeited):
    from django.urls import reverse

    url = reverse("payments_policy:waive", args=[forfeited.pk])
    page = client.get(url).content.decode()
    assert "Waive a late cancellation charge" in page and "Jamie Walsh" in page and "46 h 00 min" in page
    response = client.post(url, {"reason": "The artist was ill"})
    assert response.status_code == 302 and response["Location"] == f"/staff/plans/{forfeited.quote.plan_id}/"
    forfeited.refresh_from_db()
    assert forfeited.waived_reason == "The artist was ill" and forfeited.waived_by == staff
    assert "Waived on" in client.get(url).content.decode()  # the page now says so, with no form


def test_the_waiver_page_refuses_a_blank_reason_with_the_message_on_the_page(client, staff, forfeited):
    from django.urls import reverse

    response = client.post(reverse("payments_policy:waive", args=[forfeited.pk]), {"reason": " "})
    assert response.status_code == 422 and "This field is required." in response.content.decode()
    response = client.post(reverse("payments_policy:waive", args=[forfeited.pk]), {"reason": "ok"})
    assert response.status_code == 422 and "Say why it is waived" in response.content.decode()
    assert not LedgerEntry.objects.filter(kind="write_off").exists()


def test_the_waiver_page_of_an_unknown_decision_is_404(client, staff):
    from django.urls import reverse

    assert client.get(reverse("payments_policy:waive", args=[999999])).status_code == 404
