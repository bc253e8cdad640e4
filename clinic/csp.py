"""The Content-Security-Policy, relaxed under /admin/ by exactly what Django's admin needs and nothing more.

The admin's change list writes one inline <style> (when it shows no actions bar); rather than 'unsafe-inline',
the admin's pages allow that one stylesheet by its hash, read from Django's own template so it follows upgrades.
Every other page keeps the strict policy of settings.CONTENT_SECURITY_POLICY.
"""

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

import django.contrib.admin
from csp.middleware import CSPMiddleware, PolicyParts
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


class ClinicCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(admin_prefix()):
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), *admin_style_hashes()]
            parts.update = update
        return parts
