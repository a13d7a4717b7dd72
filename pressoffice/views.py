from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.views.generic import TemplateView

from pagecache.registry import cached_page


def csrf_failure(request, reason=""):
    """A form sent without its token or with an old one (CSRF_FAILURE_VIEW): a Russian page
    saying what to do, not Django's English page that talks about DEBUG."""
    return render(request, "403_csrf.html", status=403)


def favicon(request):
    """/favicon.ico, asked by browsers whatever a page links: the site's one icon. Resolved per
    request, as the static file's hashed name exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def server_error(request):
    """The 500 page, rendered without context processors: they may be what failed."""
    return HttpResponseServerError(get_template("500.html").render())


@cached_page("site")
class PersonalDataPolicyView(TemplateView):
    """The policy readers consent to when they comment (152-FZ)."""

    template_name = "personal_data.html"
    extra_context = {
        "version": settings.PERSONAL_DATA_POLICY_VERSION,
        "contact": settings.PERSONAL_DATA_CONTACT_EMAIL,
    }
