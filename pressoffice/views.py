from django.http import HttpResponseServerError
from django.template.loader import get_template


def server_error(request):
    """The 500 page, rendered without context processors: they may be what failed."""
    return HttpResponseServerError(get_template("500.html").render())
