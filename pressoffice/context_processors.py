from django.conf import settings
from django.utils import timezone


def site(request):
    """The office's name for the header, footer and titles; this year for the archive link."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_SHORT_NAME": settings.SITE_SHORT_NAME,
        "now_year": timezone.localdate().year,
    }
