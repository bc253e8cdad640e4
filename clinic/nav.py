"""The main navigation ({% main_nav %} in base.html), rendered once per process for each kind of viewer.

Its dozen links are reversed URLs, half a millisecond of every page (measured, issue 16). They differ only by
who is looking (signed in, team, reception, manager), the clinic's name and the URL configuration; the logout
form's CSRF input is each request's own, put in the slot the kept HTML leaves for it.
"""

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe

from .html import CSRF_SLOT, csrf_input_for

register = template.Library()
_rendered: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def main_nav(context) -> str:
    user = context.get("user")
    viewer = {
        "signed_in": bool(user and user.is_authenticated),
        "is_team": bool(context.get("is_team")),
        "is_staff_member": bool(context.get("is_staff_member")),
        "is_manager": bool(context.get("is_manager")),
        "clinic_name": context.get("clinic_name", settings.CLINIC_NAME),
    }
    request = context.get("request")
    key = (*viewer.values(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    html = _rendered.get(key)
    if html is None:
        html = render_to_string("_nav.html", {**viewer, "csrf_input": mark_safe(CSRF_SLOT)})  # noqa: S308 (ours)
        if len(_rendered) < 64:  # a handful of kinds of viewer; bounded all the same
            _rendered[key] = html
    if CSRF_SLOT in html:  # the logout form, as {% csrf_token %} would fill it
        token = get_token(request) if request is not None else context.get("csrf_token")
        html = html.replace(CSRF_SLOT, csrf_input_for(token))
    return mark_safe(html)  # noqa: S308 (escaped when rendered)
