from django.conf import settings


def site(request):
    """The office's name, for the header, footer and page titles."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_SHORT_NAME": settings.SITE_SHORT_NAME,
        "SITE_OWNER": settings.SITE_OWNER,
    }
