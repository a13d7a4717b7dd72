"""Shared by the fault tests: the database refusing connections."""

import contextlib
from unittest import mock

from django.db import connections
from django.db.utils import OperationalError


@contextlib.contextmanager
def database_down(error=OperationalError):
    """Every new cursor fails as it does when PostgreSQL refuses connections."""
    wrapper = connections["default"]
    failure = error("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
    with (
        mock.patch.object(wrapper, "cursor", side_effect=failure),
        mock.patch.object(wrapper, "chunked_cursor", side_effect=failure),
    ):
        yield
