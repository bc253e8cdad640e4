"""The one wording of the cancellation and deposit policy, from the admin's rows as they are now.

Everything a client reads about it comes from here: the quote's terms (PDF and client page, through
quotes/terms.py), the treatment-session e-mails (through bookings/session_words.py), the deposit
request and the portal. Nothing else states the policy, so changing the admin row changes them all.
"""

import importlib

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from bookings.models import BookingPolicy
from bookings.notice import change_notice_sentence
from clinic.links import absolute_url
from clinic.money import format_gbp
from clinic.plurals import count
from outbox.content import when
from quotes.terms import NextStep

from .models import LateOutcome, Outcome, PaymentPolicy, PostponedOutcome, Reason
from .standing import deposit_secured, deposit_state, standing_deposit


def _late(outcome: str, fee) -> str:
    return {
        LateOutcome.FORFEIT: "your deposit is forfeited (it no longer counts towards your treatment)",
        LateOutcome.CREDIT: "your deposit is kept as credit towards your treatment",
        LateOutcome.FEE: f"a fee of {format_gbp(fee)} is added to your balance",
    }[outcome]


def notice_words(booking: BookingPolicy | None = None) -> str:
    """ "48 hours' notice" — the booking policy's change notice, the one number."""
    hours = (booking or BookingPolicy.load()).change_notice_hours
    return f"{count(hours, 'hour')}' notice" if hours != 1 else "1 hour's notice"


def cancellation_sentence(*, policy: PaymentPolicy | None = None, booking: BookingPolicy | None = None) -> str:
    """What a late cancellation and a no-show of a treatment session cost, in one or two sentences."""
    policy = policy or PaymentPolicy.load()
    booking = booking or BookingPolicy.load()
    late = _late(policy.late_cancellation, policy.late_cancellation_fee)
    no_show = _late(policy.no_show, policy.no_show_fee)
    if not booking.change_notice_hours:
        return f"If you miss a treatment session without telling us, {no_show}. Consultations are always free."
    cancelled = f"If a treatment session is cancelled with less than {notice_words(booking)}"
    if late == no_show:
        return f"{cancelled}, or you miss it without telling us, {late}. Consultations are always free."
    return f"{cancelled}, {late}; if you miss a session without telling us, {no_show}. Consultations are always free."


def postponement_sentence(*, policy: PaymentPolicy | None = None) -> str:
    policy = policy or PaymentPolicy.load()
    what = {
        PostponedOutcome.HOLD: "your deposit is held for you until you can go ahead",
        PostponedOutcome.REFUND: "your deposit is refunded",
    }[policy.postponement]
    return f"If screening at a later date shows that treatment should be postponed, {what}."


def policy_terms() -> str:
    """The whole policy as one paragraph: the quote's terms and the portal's "cancellation policy"."""
    policy, booking = PaymentPolicy.load(), BookingPolicy.load()
    return " ".join(
        (
            change_notice_sentence(policy=booking),
            cancellation_sentence(policy=policy, booking=booking),
            postponement_sentence(policy=policy),
        )
    )


def how_to_pay_at_the_clinic() -> str:
    return (
        f"You can pay at the clinic by card or cash ({settings.CLINIC_NAME}, {settings.CLINIC_ADDRESS}), "
        f"or call us on {settings.CLINIC_PHONE} to pay by card over the phone or for our bank details."
    )


def online_module():
    """The stripe lane's `payments.online`, when it is installed in this build."""
    try:
        return importlib.import_module("payments.online")
    except ModuleNotFoundError:
        return None


def pays_online() -> bool:
    """Whether the clinic takes payments online (`payments.online.enabled()`, else `PAYMENTS_PROVIDER`)."""
    online = online_module()
    if online is not None and hasattr(online, "enabled"):
        return bool(online.enabled())
    return getattr(settings, "PAYMENTS_PROVIDER", "none") not in ("", "none")


def online_pay_url(quote) -> str:
    """Where the client pays this quote's deposit online ("" when the clinic takes no online payments).

    The stripe lane's `payments.online.deposit_url(quote)` when it has one; otherwise the client's portal,
    where its "Pay online" button lives.
    """
    if not pays_online():
        return ""
    online = online_module()
    if online is not None and hasattr(online, "deposit_url"):
        return online.deposit_url(quote)
    return absolute_url("portal:home")


def how_to_pay(quote) -> list[str]:
    """How the client pays the deposit: online, or at the clinic."""
    if pays_online():
        return ["You can pay it online with the link below, or at the clinic. " + how_to_pay_at_the_clinic()]
    return [how_to_pay_at_the_clinic()]


def held_sentence(hold, deposit) -> str:
    return (
        f"This session is held for you until {when(hold.until)} (UK time): please pay the deposit of "
        f"{format_gbp(deposit)} to confirm it. If it is not paid by then, we will release the time."
    )


def released_sentence(hold, deposit) -> str:
    return (
        f"We released this session because its deposit of {format_gbp(deposit)} was not paid by "
        f"{when(hold.until)} (UK time)."
    )


def decision_sentence(decision) -> str:
    """A session's cancellation e-mail: what the late cancellation or the no-show cost."""
    if decision.outcome == Outcome.CREDIT:
        return "Your deposit stays as credit towards your treatment."
    if decision.amount <= 0:
        return ""
    how = f"less than {notice_words()}" if decision.reason == Reason.LATE_CANCELLATION else "no notice"
    if decision.outcome == Outcome.FORFEIT:
        return (
            f"As this session was cancelled with {how}, your deposit of {format_gbp(decision.amount)} is "
            "forfeited under our cancellation policy; it no longer counts towards your treatment's price."
        )
    return f"As this session was cancelled with {how}, a fee of {format_gbp(decision.amount)} is added to your balance."


def session_words(appointment, change: str) -> list[str]:
    """bookings/session_words.py provider: a treatment session's e-mail (read at delivery)."""
    hold = getattr_or_none(appointment, "deposit_hold")
    if change == "cancelled":
        if hold is not None and hold.released_at is not None and hold.released_at == appointment.cancelled_at:
            return [released_sentence(hold, hold.quote.deposit)]
        decision = getattr_or_none(appointment, "policy_decision")
        if decision is not None and decision.waived_at is None and (text := decision_sentence(decision)):
            return [text]
        return []
    paragraphs = []
    if hold is not None and hold.is_open:
        paragraphs.append(held_sentence(hold, hold.quote.deposit))
    paragraphs.append("Our cancellation policy: " + cancellation_sentence())
    return paragraphs


def getattr_or_none(obj, name: str):
    """A reverse one-to-one that may not exist (DoesNotExist → None)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def quote_next_steps(quote) -> list[NextStep]:
    """quotes/terms.py provider: the accepted quote's page says how to pay the deposit, or that it is paid."""
    if quote.status != quote.Status.ACCEPTED or quote.deposit <= 0:
        return []
    balance, forfeited = deposit_state(quote)
    if deposit_secured(balance, forfeited):
        return [NextStep(f"Thank you: your deposit of {format_gbp(quote.deposit)} is paid.")]
    due = format_gbp(balance.deposit - standing_deposit(balance, forfeited))
    text = f"Your deposit of {due} secures your first session. " + " ".join(how_to_pay(quote))
    url = online_pay_url(quote)
    return [NextStep(text, url=url, label="Pay the deposit online" if url else "")]
