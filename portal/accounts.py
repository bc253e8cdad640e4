"""Password reset for clients and the team: Django's views, the e-mail through the outbox (portal.messages).

The request page answers the same, in the same time, for any address (the lookup is the worker's), is
rate-limited per IP, and the link works once (Django's token dies with the password it replaces).
"""

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from clinic.ratelimits import LOGIN_RATE_LIMITED, rate_limited

from .tasks import hand_over, send_password_reset


class ResetRequestForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)

    def save(self, **kwargs) -> None:
        email = self.cleaned_data["email"]
        hand_over(send_password_reset, email)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if rate_limited(self.request, "password-reset", rate=settings.LOGIN_RATE_LIMIT):
            form.add_error(None, LOGIN_RATE_LIMITED)
            return render(self.request, self.template_name, self.get_context_data(form=form), status=429)
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def render_to_response(self, context, **kwargs):
        if not self.validlink:  # used, expired or tampered: like every other dead link here, a 404
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)
