"""Two-factor authentication of staff: a TOTP code from an authenticator app (django-otp).

Optional for everyone: a staff member who sets up a device is asked for its code at every login
from then on. Required, by ``STAFF_2FA_REQUIRED_FOR`` (env ``DJANGO_STAFF_2FA``), for nobody
(``none``), for editors and superusers (``editors``) or for all staff (``staff``): such a user
without a device is sent to set one up before the admin opens.

The password is checked first by the admin's own login form (and counted by django-axes); then
``StaffTwoFactorMiddleware`` sends a user who still owes a code to ``verify`` (or to ``setup``).
Until then the user can use nothing else: the admin's addresses redirect there, and every other
page sees an anonymous visitor (so no staff preview of a draft, no upload).
"""

from base64 import b32encode
from functools import cache, wraps
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import EDITORS
from .security import is_admin_path

MODES = ("none", "editors", "staff")
VERIFY = "verify"
SETUP = "setup"
DEVICE_NAME = "Приложение-аутентификатор"
_UNKNOWN = object()


def required_for(user):
    """Whether the setting makes a second factor compulsory for ``user``."""
    mode = settings.STAFF_2FA_REQUIRED_FOR
    if mode == "staff":
        return user.is_staff
    if mode == "editors":
        return user.is_superuser or user.groups.filter(name=EDITORS).exists()
    return False


def pending_step(user):
    """``None`` when ``user`` may go on; ``VERIFY`` or ``SETUP`` while a second factor is owed.

    One query for a logged-in user not yet verified (whether they have a device), remembered on
    the user object for the rest of the request.
    """
    step = getattr(user, "_twofactor_step", _UNKNOWN)
    if step is not _UNKNOWN:
        return step
    step = None
    is_verified = getattr(user, "is_verified", None)  # installed by django-otp's middleware
    if user.is_authenticated and not (is_verified and is_verified()):
        if has_device(user):
            step = VERIFY
        elif required_for(user):
            step = SETUP
    user._twofactor_step = step
    return step


def has_device(user, *, confirmed=True):
    """django_otp.user_has_device(): whether the user has a (confirmed) device of any kind.

    django-otp looks through every model of every app for the kinds of device on each call,
    on every staff request, and fetches the user's devices of a kind to say whether there is
    one; here the kinds are found once per process and each is asked with EXISTS."""
    if user.is_anonymous:
        return False
    return any(
        model.objects.devices_for_user(user, confirmed=confirmed).exists()
        for model in device_models()
    )


@cache
def device_models():
    """django_otp.device_classes(), once the app registry is complete."""
    return tuple(django_otp.device_classes())


class StaffTwoFactorMiddleware:
    """After django-otp's middleware: holds a user who owes a code to the two-factor pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        step = pending_step(user) if user.is_authenticated else None
        # The user is settled here (django-otp's lazy user wraps the auth middleware's): the
        # object itself from now on, not two proxies that every one of the admin's hundreds of
        # ``request.user`` reads per page (a permission check per model) went through.
        request.user = user = _unwrapped(user)
        if step is not None:
            path = request.path_info
            own = {reverse(f"admin:twofactor-{name}") for name in (VERIFY, SETUP)}
            if path not in own and path != reverse("admin:logout"):
                if is_admin_path(path):
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse(f'admin:twofactor-{step}')}?{query}")
                request.user = AnonymousUser()
        return self.get_response(request)


def _unwrapped(user):
    """The object behind ``user``'s lazy proxies (already evaluated), or ``user`` itself."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Код из приложения",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
        help_text="Шесть цифр; код меняется каждые 30 секунд.",
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Введите шесть цифр.")
        return code


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _render(request, template, **context):
    context = {
        **admin.site.each_context(request),
        "next": _next_url(request),
        "required": required_for(request.user),
        **context,
    }
    return TemplateResponse(request, template, context)


def _verified(request, device):
    """The session now counts as verified by ``device``: a new session key for the new right."""
    request.session.cycle_key()
    django_otp.login(request, device)


def _throttled(form, devices):
    """Each wrong code makes the device wait longer (1 s, 2 s, 4 s…) before it checks another."""
    if all(not device.verify_is_allowed()[0] for device in devices):
        form.add_error("code", "Слишком много неверных кодов. Подождите минуту и попробуйте снова.")
        return True
    return False


def _wrong(form):
    form.add_error("code", "Неверный код. Проверьте время на телефоне и попробуйте ещё раз.")


def _staff_only(view):
    @wraps(view)
    def wrapped(request):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(reverse("admin:index"), reverse("admin:login"))
        return view(request)

    return never_cache(csrf_protect(wrapped))


@_staff_only
def verify(request):
    """The second step of a login: the code of the user's device."""
    user = request.user
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    if user.is_verified() or not devices:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _throttled(form, devices):
        for device in devices:
            if django_otp.verify_token(user, device.persistent_id, form.cleaned_data["code"]):
                _verified(request, device)
                return redirect(_next_url(request))
        _wrong(form)
    return _render(request, "admin/twofactor/verify.html", form=form, title="Подтверждение входа")


@_staff_only
def setup(request):
    """A new device: its key as a QR code and as text, confirmed by one code from it."""
    user = request.user
    if has_device(user):
        if not user.is_verified():
            return redirect(reverse("admin:twofactor-verify"))
        return _render(
            request, "admin/twofactor/setup.html", done=True, title="Двухфакторная аутентификация"
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _throttled(form, [device]):
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            _verified(request, device)
            messages.success(
                request, "Двухфакторная аутентификация включена: при входе нужен код из приложения."
            )
            return redirect(_next_url(request))
        _wrong(form)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    uri = device.config_url
    # safe: segno's own SVG markup of a URI we built; the title is ours.
    qr = mark_safe(segno.make(uri, error="m").svg_inline(scale=4, title="QR-код для приложения"))
    return _render(
        request,
        "admin/twofactor/setup.html",
        form=form,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        uri=uri,
        qr=qr,
        title="Двухфакторная аутентификация",
    )
