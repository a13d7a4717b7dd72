"""The floor of `make bench`: the fastest response this app server can give."""

from django.http import HttpResponse


def floor(request):
    """A fixed string: no template, no database, no cache; every page is compared to it."""
    return HttpResponse("floor\n", content_type="text/plain; charset=utf-8")
