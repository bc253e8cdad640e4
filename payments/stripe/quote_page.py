"""The "Pay the deposit" / "Pay the balance" section of the client's quote page (quotes/client_page.py)."""

from django.template.loader import render_to_string

from quotes import client_page

from .selectors import pay_options


def pay_panel(*, request, quote, token: str) -> str:
    options = pay_options([quote]).get(quote.pk)
    if options is None:
        return ""
    context = {"options": options, "token": token, "quote": quote}
    return render_to_string("payments_stripe/_pay_panel.html", context, request=request)


def register_pay_panel() -> None:
    client_page.register(pay_panel)
