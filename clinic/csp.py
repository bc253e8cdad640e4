"""The Content-Security-Policy, relaxed under /admin/ by exactly what Django's admin needs and nothing more.

The admin's change list writes one inline <style> (when it shows no actions bar); rather than 'unsafe-inline',
the admin's pages allow that one stylesheet by its hash, read from Django's own template so it follows upgrades.
Every other page keeps the strict policy of settings.CONTENT_SECURITY_POLICY.

Without a nonce or a view's own policy (decorators set `_csp_*` on the response) the header is the same
on every response of a kind (admin or not), so it is built once per process: django-csp builds it
twice per request otherwise, about a sixth of a small page's middleware time (issue 16).
"""

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

import django.contrib.admin
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

ADMIN_TEMPLATES = Path(django.contrib.admin.__file__).parent / "templates" / "admin"
INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


@cache
def admin_style_hashes() -> tuple[str, ...]:
    found = []
    for template in ("change_list.html",):
        for body in INLINE_STYLE.findall((ADMIN_TEMPLATES / template).read_text()):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            found.append(f"'sha256-{digest}'")
    return tuple(found)


@cache
def admin_prefix() -> str:
    return reverse("admin:index")


def _admin_update(update: dict | None) -> dict:
    update = dict(update or {})
    update["style-src"] = [*update.get("style-src", []), *admin_style_hashes()]
    return update


# What a view's decorators (csp_update, csp_replace, csp_exempt…) set on a response: its own policy.
CUSTOMISED = frozenset(
    ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
)
EXEMPT = {HEADER: "_csp_exempt", HEADER_REPORT_ONLY: "_csp_exempt_ro"}
SETTING = {HEADER: "CONTENT_SECURITY_POLICY", HEADER_REPORT_ONLY: "CONTENT_SECURITY_POLICY_REPORT_ONLY"}


def plain_policy(header: str, *, admin: bool) -> str:
    """The header for a response without a nonce or a policy of its own (as django-csp would build it)."""
    parts = PolicyParts(update=_admin_update(None) if admin else None)
    return build_policy(
        config=parts.config, update=parts.update, replace=parts.replace, report_only=header == HEADER_REPORT_ONLY
    )


@cache
def plain_headers(*, admin: bool) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """Each CSP header a plain response of this kind gets: (header, policy, its exempt attribute, excluded paths)."""
    found = []
    for header, setting in SETTING.items():
        if policy := plain_policy(header, admin=admin):
            excluded = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            found.append((header, policy, EXEMPT[header], excluded))
    return tuple(found)


@receiver(setting_changed, dispatch_uid="clinic.csp.setting_changed")
def _policy_changed(*, setting: str, **kwargs) -> None:
    if setting in SETTING.values():
        plain_headers.cache_clear()


class ClinicCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(admin_prefix()):
            parts.update = _admin_update(parts.update)
        return parts

    def process_response(self, request, response):
        # The decorators set their attributes on the response itself: its __dict__ says (six hasattr misses
        # cost more than the rest of this method, issue 16).
        if getattr(request, "_csp_nonce", None) is not None or not CUSTOMISED.isdisjoint(vars(response)):
            return super().process_response(request, response)  # built for this response
        if response.status_code in (500, 404) and settings.DEBUG:  # Django's debug pages (as django-csp)
            return response
        path = request.path_info
        for header, policy, exempt, excluded in plain_headers(admin=path.startswith(admin_prefix())):
            if header not in response and getattr(response, exempt, False) is False and not path.startswith(excluded):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error, not a silently broken page.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
