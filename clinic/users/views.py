"""Login (rate-limited, locked out by django-axes), the second step (TOTP), the account page."""

from functools import wraps

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from clinic.access import artist_of, is_staff
from clinic.ratelimits import LOGIN_RATE_LIMITED, rate_limited

from . import two_step
from .forms import CodeForm
from .roles import is_team_account


def login_rate_limit(view):
    """Per-IP limit on login posts (all usernames); the username typed is kept on the 429 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and rate_limited(request, "login", rate=settings.LOGIN_RATE_LIMIT):
            form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
            context = {"form": form, "rate_limit_message": LOGIN_RATE_LIMITED, "next": _next_url(request) or ""}
            return render(request, "registration/login.html", context, status=429)
        return view(request, *args, **kwargs)

    return wrapper


login = login_rate_limit(auth_views.LoginView.as_view(redirect_authenticated_user=True))


class LogoutView(auth_views.LogoutView):
    """Log out and say so (the message outlives the session: messages are kept in a cookie first)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have logged out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change a password, or choose one (a client who has only used e-mail links has none yet)."""

    def get_form_class(self):
        return self.form_class if self.request.user.has_usable_password() else SetPasswordForm


def _next_url(request) -> str | None:
    """A path on this site to go on to, or None: `next` is typed by anyone, so only "/..." is taken."""
    url = (request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or "").strip()
    # A bare word ("foo") would be read as a URL name by redirect() (a 500) or resolve relative to this page.
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _go_on(request, default: str = "after_login") -> HttpResponseRedirect:
    """To `next` as a URL (never resolved as a view name), else to the named default page."""
    url = _next_url(request)
    return HttpResponseRedirect(url) if url else redirect(default)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step: a code from the app. Until it is given, the middleware allows no other page."""
    device = two_step.active_device(request.user)
    if device is None or request.user.is_verified():
        return _go_on(request)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if rate_limited(request, "two-step", rate=settings.LOGIN_RATE_LIMIT):
            form.add_error(None, LOGIN_RATE_LIMITED)
            status = 429
        elif form.is_valid() and two_step.verify_code(user=request.user, device=device, code=form.cleaned_data["code"]):
            django_otp.login(request, device)
            return _go_on(request)
        else:
            if form.is_valid():
                form.add_error("code", "That code is not right or has expired. Wait for a new one and try again.")
            status = 422
    return render(
        request, "registration/two_step_verify.html", {"form": form, "next": _next_url(request) or ""}, status=status
    )


@login_required
def account(request):
    context = {
        "team_account": is_team_account(request.user),
        "two_step_on": two_step.active_device(request.user) is not None,
    }
    return render(request, "registration/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_step_setup(request):
    """Team accounts only: start, confirm (with a code) or remove two-step login."""
    user = request.user
    if not is_team_account(user):
        raise Http404
    active = two_step.active_device(user)
    form = CodeForm(request.POST or None)
    status = 200
    action = request.POST.get("action")
    if request.method == "POST" and action == "start" and active is None:
        two_step.start_enrolment(user=user)
        return redirect(request.get_full_path())
    if request.method == "POST" and action == "remove" and active is not None:
        if form.is_valid() and two_step.verify_code(user=user, device=active, code=form.cleaned_data["code"]):
            two_step.remove_two_step(user=user)
            messages.success(request, "Two-step login is off.")
            return redirect("account")
        status = 422
    pending = None if active else two_step.pending_device(user)
    if request.method == "POST" and action == "confirm" and pending is not None:
        if form.is_valid() and two_step.confirm_enrolment(user=user, device=pending, code=form.cleaned_data["code"]):
            django_otp.login(request, pending)
            messages.success(request, "Two-step login is on. We'll ask for a code from your app each time you log in.")
            return _go_on(request, "account")
        status = 422
    if status == 422 and form.is_valid():
        form.add_error("code", "That code is not right or has expired. Wait for a new one and try again.")
    context = {
        "form": form,
        "active": active,
        "pending": pending,
        "required": two_step.required_for(user),
        "next": _next_url(request) or "",
    }
    if pending is not None:
        context.update(qr=two_step.qr_data_uri(pending), secret=two_step.secret_for_display(pending))
    return render(request, "registration/two_step_setup.html", context, status=status)


@login_required
def after_login(request):
    """Send each role to its own start page."""
    if is_staff(request.user) or artist_of(request.user):
        return redirect("frontdesk:home")
    return redirect("portal:home")
