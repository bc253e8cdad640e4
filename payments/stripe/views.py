"""The client's "Pay online" button, the page Stripe sends them back to, and Stripe's webhook."""

import json
import logging
import uuid

import stripe
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clinic.errors import DomainError
from quotes.tokens import quote_for_token

from .checkout import start_checkout
from .events import receive_event
from .models import CheckoutAttempt
from .recording import TryLater
from .selectors import attempt_for

log = logging.getLogger(__name__)


def open_quote(token: str):
    link = quote_for_token(token)
    if link is None or link.closed:
        raise Http404
    return link.quote


@require_http_methods(["GET", "POST"])
def pay(request, token: str):
    """POST purpose=deposit|balance → Stripe's Checkout page (303); GET → back to the quote."""
    quote = open_quote(token)
    if request.method == "GET":
        return redirect("quotes:client_quote", token=token)
    try:
        attempt = start_checkout(quote_id=quote.pk, purpose=request.POST.get("purpose", ""))
    except DomainError as error:
        context = {"quote": quote, "token": token, "message": error.message}
        return render(request, "payments_stripe/pay_error.html", context, status=409)
    response = redirect(attempt.url)
    response.status_code = 303
    return response


@require_GET
def returned(request, token: str):
    """After Stripe's page: "payment received" once the webhook recorded it; until then it refreshes itself."""
    quote = open_quote(token)
    key = request.GET.get("attempt") or None
    try:
        key = str(uuid.UUID(key)) if key else None
    except ValueError:
        raise Http404 from None
    attempt = attempt_for(quote, key)
    if attempt is None:
        if key:
            raise Http404
        return redirect("quotes:client_quote", token=token)
    context = {
        "quote": quote,
        "token": token,
        "attempt": attempt,
        "paid": attempt.status == CheckoutAttempt.Status.PAID,
    }
    return render(request, "payments_stripe/returned.html", context)


def answer(status: int, **body) -> JsonResponse:
    return JsonResponse(body, status=status)


def parse_event(body: bytes) -> dict | None:
    """The event's JSON if it has the shape of one (an id, a type, data.object), else None."""
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        return None
    ok = isinstance(payload.get("id"), str) and isinstance(payload.get("type"), str)
    return payload if ok and payload["id"] and isinstance(payload["data"].get("object"), dict) else None


@csrf_exempt  # Stripe can't send our CSRF token; the signature is the credential
@require_POST
def webhook(request):
    """Verified events are stored and processed once; never a 5xx (a 4xx makes Stripe deliver it again)."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return answer(400, error="webhooks are not configured")
    body = request.body
    try:
        stripe.Webhook.construct_event(
            body, request.headers.get("Stripe-Signature"), secret, tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError:
        return answer(400, error="signature missing, not valid or too old")
    except Exception:  # the body is signed but is not an event
        return answer(400, error="malformed event")
    payload = parse_event(body)
    if payload is None:
        return answer(400, error="malformed event")
    try:
        result = receive_event(payload=payload)
    except TryLater as error:
        log.warning("Stripe event %s not processed now: %s", payload["id"], error)
        return answer(409, error="not processed now; please deliver again")
    except Exception:  # whatever it is, Stripe delivers it again; we look at the log
        log.exception("Stripe event %s (%s) failed", payload["id"], payload["type"])
        return answer(400, error="not processed; please deliver again")
    return answer(200, received=True, outcome=result.outcome)
