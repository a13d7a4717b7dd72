"""The version for the visually impaired (ГОСТ Р 52872-2019): type size, colour scheme, images
and letter spacing, chosen with a plain form, kept in a cookie, applied as classes on <html>."""

from django import forms
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

COOKIE = "a11y"
MAX_AGE = 365 * 24 * 60 * 60

SIZES = [("1", "Обычный"), ("2", "Крупный"), ("3", "Очень крупный")]
SCHEMES = [
    ("bw", "Чёрным по белому"),
    ("wb", "Белым по чёрному"),
    ("blue", "Тёмно-синим по голубому"),
    ("brown", "Коричневым по бежевому"),
]
SPACINGS = [("1", "Обычный"), ("2", "Увеличенный"), ("3", "Большой")]
IMAGES = [("on", "Показывать"), ("off", "Скрыть")]
DEFAULTS = {"size": "2", "scheme": "bw", "spacing": "1", "images": "on"}


class AccessibilityForm(forms.Form):
    size = forms.ChoiceField(label="Размер шрифта", choices=SIZES, widget=forms.RadioSelect)
    scheme = forms.ChoiceField(label="Цветовая схема", choices=SCHEMES, widget=forms.RadioSelect)
    spacing = forms.ChoiceField(label="Межбуквенный интервал", choices=SPACINGS,
                                widget=forms.RadioSelect)  # fmt: skip
    images = forms.ChoiceField(label="Изображения", choices=IMAGES, widget=forms.RadioSelect)


def read(request):
    """The reader's settings, or None for the usual version; unknown values fall back."""
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    pairs = dict(part.split("=", 1) for part in raw.split(";") if "=" in part)
    form = AccessibilityForm({**DEFAULTS, **pairs})
    return form.cleaned_data if form.is_valid() else dict(DEFAULTS)


def context(request):
    """`a11y`: the settings or None; `a11y_form`: the panel's form, filled in."""
    settings = read(request)
    return {
        "a11y": settings,
        "a11y_form": AccessibilityForm(initial=settings) if settings else None,
    }


def _back(request):
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return target


@require_POST
def switch(request):
    """Turn the version on (with the posted or default settings) or off, and go back."""
    response = HttpResponseRedirect(_back(request))
    if request.POST.get("mode") == "off":
        response.delete_cookie(COOKIE)
        return response
    current = read(request) or DEFAULTS
    form = AccessibilityForm({**current, **request.POST.dict()})
    chosen = form.cleaned_data if form.is_valid() else current
    value = ";".join(f"{key}={chosen[key]}" for key in DEFAULTS)
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, samesite="Lax", httponly=True,
                        secure=settings.SESSION_COOKIE_SECURE)  # fmt: skip
    return response
