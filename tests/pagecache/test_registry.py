"""Which views the page cache keeps: those marked where they are defined, with the kind that
says what the page depends on; nothing else."""

import pytest
from django.urls import resolve

from pagecache import registry

# The table the page cache kept before views were marked where they are defined.
KINDS = {
    "articles:article-detail": "article",
    "articles:home": "list",
    "articles:archive": "list",
    "articles:archive-year": "list",
    "articles:archive-month": "list",
    "articles:topic-detail": "list",
    "discovery:search": "list",
    "regions:region-list": "list",  # hides regions without news: depends on what is public
    "regions:region-detail": "list",
    "people:person-list": "day",
    "people:person-detail": "day",
    "personal-data": "site",
    "robots": "site",
    "sitemap": "list",
    "sitemap-section": "list",
}
EXAMPLES = {
    "/": "articles:home",
    "/news/": "articles:archive",
    "/news/2026/": "articles:archive-year",
    "/news/2026/11/": "articles:archive-month",
    "/news/some-story/": "articles:article-detail",
    "/topics/economy/": "articles:topic-detail",
    "/search/": "discovery:search",
    "/regions/": "regions:region-list",
    "/regions/tulskaya-oblast/": "regions:region-detail",
    "/people/": "people:person-list",
    "/people/ivanov/": "people:person-detail",
    "/personal-data/": "personal-data",
    "/robots.txt": "robots",
    "/sitemap.xml": "sitemap",
    "/sitemap-people.xml": "sitemap-section",
    "/sitemap-news.xml": "sitemap-section",
}


@pytest.mark.parametrize("path", EXAMPLES)
def test_each_public_page_is_marked_with_what_it_depends_on(path):
    match = resolve(path)
    assert match.view_name == EXAMPLES[path]
    assert registry.kind_of(match.func) == KINDS[match.view_name]


def test_every_feed_is_a_cached_list():
    paths = ["/feeds/rss/", "/feeds/atom/", "/feeds/regions/x/rss/", "/feeds/people/x/atom/",
             "/feeds/topics/x/rss/", "/feeds/yandex/", "/feeds/zen/"]  # fmt: skip
    for path in paths:
        match = resolve(path)
        assert match.view_name.startswith("feeds:")
        assert registry.kind_of(match.func) == "list", path


@pytest.mark.parametrize(
    "path", ["/news/some-story/comment/", "/preview/1/", "/comments/1/report/", "/favicon.ico"]
)
def test_pages_nobody_marked_are_not_cached(path):
    """The comment form's POST view is built on the article page but is not one."""
    assert registry.kind_of(resolve(path).func) is None


def test_a_mark_belongs_to_the_class_not_its_subclasses():
    @registry.cached_page("list")
    class Marked:
        pass

    class Built(Marked):
        pass

    assert registry.kind_of(Marked()) == "list"
    assert registry.kind_of(Built()) is None


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown page kind"):
        registry.cached_page("everything")
