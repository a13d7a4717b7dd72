"""The footer of every page links the feeds and the office's official channels, as set in the
admin, with no third-party request; changing a channel reaches every cached page."""

import pytest
from lxml import html as lxml_html

from press.models import Channel
from pressoffice.roles import PRESS_OFFICERS
from tests.factories import ArticleFactory, client_for, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def channels():
    return [
        Channel.objects.create(kind="vk", url="https://vk.com/ulgov_press", position=1),
        Channel.objects.create(kind="telegram", url="https://t.me/ulgov_press", position=0),
        Channel.objects.create(kind="ok", url="https://ok.ru/group/ulgov_press", position=2),
    ]


def footer_links(client, url):
    response = client.get(url)
    doc = lxml_html.fromstring(response.content)
    (footer,) = doc.xpath("//footer[@class='site-footer']")
    follow = footer.xpath('.//nav[@aria-label="Ленты новостей и официальные каналы"]')[0]
    return [(a.text_content().strip(), a.get("href")) for a in follow.xpath(".//a")]


def public_pages():
    article = ArticleFactory()
    return ["/", article.get_absolute_url(), "/regions/", "/people/", "/news/",
            "/personal-data/", "/press/", "/press/accreditation/", "/press/accreditation/sent/",
            "/net-takoy-stranicy/"]  # fmt: skip


# The site's feeds, the aggregators' full-text ones included (discovery.feeds.SITE_FEEDS).
FEEDS = [("RSS", "/feeds/rss/"), ("Atom", "/feeds/atom/"), ("Яндекс Новости", "/feeds/yandex/"),
         ("Дзен", "/feeds/zen/")]  # fmt: skip


def test_every_page_links_the_feeds_and_the_channels_in_the_admins_order(client, channels):
    expected = [
        *FEEDS,
        ("Telegram", "https://t.me/ulgov_press"), ("ВКонтакте", "https://vk.com/ulgov_press"),
        ("Одноклассники", "https://ok.ru/group/ulgov_press"),
    ]  # fmt: skip
    for url in public_pages():
        assert footer_links(client, url) == expected, url


def test_without_channels_the_footer_links_the_feeds_only(client):
    assert footer_links(client, "/") == FEEDS
    assert "Официальные каналы" not in client.get("/").content.decode()


def test_the_footer_loads_nothing_from_elsewhere(client, channels):
    """Links only: no widget, script, frame or remote icon (the icon is inline SVG)."""
    doc = lxml_html.fromstring(client.get("/").content)
    (footer,) = doc.xpath("//footer[@class='site-footer']")
    assert not footer.xpath(".//script | .//iframe | .//img | .//link | .//object")
    assert footer.xpath(".//svg[@aria-hidden='true']")
    loaded = doc.xpath("//@src | //link[@rel!='canonical']/@href")
    assert all(not s.startswith(("http:", "https:", "//")) for s in loaded), loaded


def test_channels_cost_no_query_once_known(client, channels, django_assert_num_queries):
    client.get("/personal-data/")
    with django_assert_num_queries(0):
        client.get("/personal-data/")


def test_the_nav_links_the_section_and_marks_it_current(client):
    doc = lxml_html.fromstring(client.get("/press/accreditation/").content)
    (link,) = doc.xpath('//nav[@aria-label="Основные разделы"]//a[text()="Для СМИ"]')
    assert link.get("href") == "/press/" and link.get("aria-current") == "page"
    doc = lxml_html.fromstring(client.get("/").content)
    (link,) = doc.xpath('//nav[@aria-label="Основные разделы"]//a[text()="Для СМИ"]')
    assert link.get("aria-current") is None


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_changing_a_channel_in_the_admin_reaches_every_cached_page(
    client, channels, settings, changes, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 3600
    pages = public_pages()
    for url in pages:
        client.get(url)
    with django_assert_num_queries(0):
        client.get("/")  # stored
    officer = client_for(staff_member(PRESS_OFFICERS))
    telegram = channels[1]
    with changes():
        response = officer.post(f"/admin/press/channel/{telegram.pk}/change/", {
            "kind": "telegram", "url": "https://t.me/ulgov_official", "position": 0,
        })  # fmt: skip
    assert response.status_code == 302
    for url in pages:
        links = dict(footer_links(client, url))
        assert links["Telegram"] == "https://t.me/ulgov_official", url
    with changes():
        channels[0].delete()
    for url in pages:
        assert "ВКонтакте" not in dict(footer_links(client, url)), url


def test_a_bad_address_in_the_admin_is_refused_and_changes_nothing(client, channels):
    officer = client_for(staff_member(PRESS_OFFICERS))
    response = officer.post(f"/admin/press/channel/{channels[1].pk}/change/", {
        "kind": "telegram", "url": "https://evil.example/t.me", "position": 0,
    })  # fmt: skip
    assert response.status_code == 200
    assert "Это не адрес канала в сети «Telegram»" in response.content.decode()
    channels[1].refresh_from_db()
    assert channels[1].url == "https://t.me/ulgov_press"
