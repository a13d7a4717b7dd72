"""When the database is down: a friendly 503 instead of a stack trace, on every page.

Pages the page cache holds are still served (it answers a hit before anything
touches the database). Everything else answers 503 with ``Retry-After``, rendered without
context processors, because they may be what queries. Nothing here keeps state: persistent
connections with ``CONN_HEALTH_CHECKS`` drop a broken connection, so the first request after
the database returns connects anew and the site recovers by itself.

A database error can surface in a view (``process_exception`` sees it) or in another
middleware (the session, the user): Django turns those into a 500 response deep inside the
stack and only tells the ``got_request_exception`` signal, which marks the request; the 500
is then replaced here on its way out.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import get_template

from .logthrottle import LogThrottle

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
LOG_EVERY_SECONDS = 10.0  # one warning per interval, not one per request of an outage

_throttle = LogThrottle(LOG_EVERY_SECONDS)


def _log(exception):
    held = _throttle.due()
    if held is not None:
        logger.error(
            "database unavailable, answering 503 (%s more since the last report): %s",
            held, exception,
        )  # fmt: skip


def unavailable_response():
    """The 503 page; its template reads nothing from the database."""
    response = HttpResponse(get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, DATABASE_ERRORS):
        request._database_unavailable = exception


got_request_exception.connect(_mark_request, dispatch_uid="pressoffice.faults")


class DatabaseUnavailableMiddleware:
    """Outermost but for security headers: turns database errors anywhere below into 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS as exception:  # only if something let it escape
            _log(exception)
            return unavailable_response()
        exception = getattr(request, "_database_unavailable", None)
        if exception is not None and response.status_code >= 500:
            _log(exception)
            return unavailable_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            request._database_unavailable = exception
            return unavailable_response()
        return None
