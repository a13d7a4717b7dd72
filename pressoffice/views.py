from django.conf import settings
from django.http import HttpResponseServerError
from django.template.loader import get_template
from django.views.generic import TemplateView


def server_error(request):
    """The 500 page, rendered without context processors: they may be what failed."""
    return HttpResponseServerError(get_template("500.html").render())


class PersonalDataPolicyView(TemplateView):
    """The policy readers consent to when they comment (152-FZ)."""

    template_name = "personal_data.html"
    extra_context = {
        "version": settings.PERSONAL_DATA_POLICY_VERSION,
        "contact": settings.PERSONAL_DATA_CONTACT_EMAIL,
    }
