"""The signed consent: drawn on screen (signature pad) or by a typed name, stored with a PDF rendered once.

Signing somewhere new (the clinic's tablet in records, the client's intake at home)::

    from clients.consent.forms import ConsentSignForm
    from clients.consent.selectors import current_consent_text
    from clients.consent.services import ConsentError, sign_consent
    from clinic.ratelimits import client_ip

    text = current_consent_text()
    form = ConsentSignForm(request.POST or None, consent_text=text, in_clinic=False)
    if request.method == "POST" and form.is_valid():
        try:
            sign_consent(client=client, consent_text=text, ip=client_ip(request),
                         user_agent=request.META.get("HTTP_USER_AGENT", ""), artist=artist, by=None,
                         **form.service_kwargs())
        except ConsentError as error:           # SignatureError is one too; both carry `field`
            form.add_error(error.field, error.message)

and in the page's template, inside its own ``<form method="post">`` (with ``{% csrf_token %}`` and a
submit button; the include adds no ``<form>`` of its own)::

    {% include "clients/_consent_sign.html" with form=form consent_text=text %}

The include shows the wording, the canvas (static/js/consent-sign.js drives the vendored signature_pad
under the strict CSP: no inline script or style) and the fields; check `form.consent_version` against
`text.version` in the view if the wording may change while the page is open (`sign_consent` refuses a
version that is no longer current). `in_clinic=True` adds the agreed area, hairline notes and the ID seen
(CONSENT_RECORD_ID_SEEN). A 422 with the form's errors is the answer to a refused signature.

Modules: `signature` (PNG checks), `services` (`sign_consent`), `pdf`, `selectors`, `forms`.
"""
