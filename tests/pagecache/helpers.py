"""Shared by the tests of the page cache and of fragments: how many round trips a page costs."""

from unittest import mock

from django.core.cache import cache


def cache_reads(client, url):
    """The page at ``url`` and how many times it read the cache (each read one round trip to
    Redis; the local-memory cache of the tests answers get_many with a get per key, which are
    not counted again)."""
    reads, inside = [], []

    def counted(method):
        def read(*args, **kwargs):
            if not inside:
                reads.append(method.__name__)
            inside.append(True)
            try:
                return method(*args, **kwargs)
            finally:
                inside.pop()

        return read

    with (
        mock.patch.object(cache, "get", counted(cache.get)),
        mock.patch.object(cache, "get_many", counted(cache.get_many)),
    ):
        response = client.get(url)
    return response, len(reads)
