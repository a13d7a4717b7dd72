"""The full-text feeds for Яндекс Новости (/feeds/yandex/) and Дзен (/feeds/zen/), read the way
those aggregators document them: RSS 2.0 with their namespaces, the required elements, every
image an enclosure, the text complete and reduced to what Дзен accepts."""

import datetime
import email.utils
import html
import re

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.template import Context, Template
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from articles.models import Article
from articles.workflow import apply
from pagecache import registry
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CoveredArticleFactory,
    PersonFactory,
    PhotoFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    TopicFactory,
    region,
)
from tests.images import encode, two_colour

YANDEX, ZEN = "/feeds/yandex/", "/feeds/zen/"
NS = {
    "yandex": "http://news.yandex.ru",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/",
}
# What Дзен accepts in content:encoded, as its requirements list it, and the attributes it reads.
ZEN_TAGS = {"p", "br", "h2", "h3", "h4", "blockquote", "figure", "img", "figcaption",
            "a", "ul", "ol", "li", "b", "i"}  # fmt: skip
ZEN_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
# RFC 822 as RSS 2.0 dates it (with a four-digit year and a numeric zone).
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RICH_TEXT = (
    '<h2>Что решили</h2><p style="color: red" class="lead" onclick="steal()">Решение '
    '<strong>принято</strong> <em>единогласно</em>, подробности — <a href="/news/">в архиве</a>.'
    '</p><script>alert(1)</script><iframe src="https://evil.example/"></iframe>'
    "<ul><li>Первый пункт</li><li>Второй пункт</li></ul>"
    "<table><tr><th>Район</th><th>Школ</th></tr><tr><td>Засвияжский</td><td>12</td></tr></table>"
    '<figure><img src="/media/uploads/inline.jpg" alt="Схема"><figcaption>Схема работ'
    "</figcaption></figure>"
)


def rss(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    root = etree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root


def item_titled(root, title):
    [item] = [item for item in root.iterfind("channel/item") if item.findtext("title") == title]
    return item


class AggregatorFeedsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        default_storage.save("uploads/inline.jpg", ContentFile(encode(two_colour(40, 30))))
        cls.person = PersonFactory(first_name="Дмитрий", last_name="Миляев")
        AppointmentFactory(person=cls.person, title="Губернатор Тульской области")
        cls.topic = TopicFactory(name="Образование")
        cls.article = CoveredArticleFactory(
            title="В Ульяновске открыли двенадцать школ",
            lead="Двенадцать школ приняли учеников & учителей.",
            regions=[region("ulyanovskaya-oblast")],
            topics=[cls.topic],
        )
        TextBlockFactory(article=cls.article, position=1, text=RICH_TEXT)
        QuoteBlockFactory(article=cls.article, position=2, person=cls.person,
                          quote="Первый абзац цитаты.\nВторой абзац цитаты.")  # fmt: skip
        cls.photo = PhotoFactory(article=cls.article, caption="Первый звонок")
        three_hours_ago = timezone.now() - datetime.timedelta(hours=3)
        cls.bare = ArticleFactory(title="Новость без фото", published_at=three_hours_ago)
        withdrawn = ArticleFactory(title="Снятая с публикации новость")
        apply(withdrawn, "unpublish", by=None, reason="Ошибка")
        withdrawn.save()
        ArticleFactory(title="Черновик новости", status=Article.Status.DRAFT, published_at=None)
        ArticleFactory(title="Запланированная новость",
                       published_at=timezone.now() + datetime.timedelta(hours=2))  # fmt: skip

    def test_both_feeds_are_cached_lists(self):
        for url in (YANDEX, ZEN):
            assert registry.kind_of(resolve(url).func) == "list", url

    def test_unpublished_withdrawn_and_scheduled_articles_are_absent(self):
        for url in (YANDEX, ZEN):
            content = self.client.get(url).content.decode()
            for title in ("Снятая с публикации", "Черновик новости", "Запланированная новость"):
                assert title not in content, (url, title)
            titles = [item.findtext("title") for item in rss(self.client.get(url)).iter("item")]
            assert titles == [self.article.title, self.bare.title], url

    def test_yandex_items_carry_the_documented_elements(self):
        root = rss(self.client.get(YANDEX))
        assert root.nsmap["yandex"] == NS["yandex"]
        channel = root.find("channel")
        for name in ("title", "link", "description"):
            assert channel.findtext(name), name
        for item in channel.iterfind("item"):
            link = item.findtext("link")
            assert link.startswith("http://testserver/news/")
            assert item.findtext("pdalink") == link
            assert item.findtext("description")
            assert item.findtext("author")
            assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
            assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).utcoffset()
            assert item.findtext("yandex:genre", namespaces=NS) in {"message", "article",
                                                                    "interview"}  # fmt: skip
            assert item.findtext("yandex:full-text", namespaces=NS).strip()

    def test_yandex_full_text_is_the_whole_article_as_plain_text(self):
        item = item_titled(rss(self.client.get(YANDEX)), self.article.title)
        escaped = item.findtext("yandex:full-text", namespaces=NS)
        assert "<" not in escaped  # text, escaped: no reader can take any of it for a tag
        text = html.unescape(escaped)
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        assert paragraphs[0] == "Двенадцать школ приняли учеников & учителей."
        assert "Решение принято единогласно, подробности — в архиве." in paragraphs
        assert "Засвияжский; 12" in paragraphs
        # The quote signed as the page signs it: name, then the title on the article's date.
        signature = paragraphs.index("Дмитрий МИЛЯЕВ / ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ")
        assert paragraphs[signature + 1 : signature + 3] == [
            "Первый абзац цитаты.",
            "Второй абзац цитаты.",
        ]
        assert "alert" not in text and "Первый звонок" not in text  # no script, no captions

    def test_every_image_is_an_enclosure_with_absolute_url_size_and_type(self):
        for url in (YANDEX, ZEN):
            item = item_titled(rss(self.client.get(url)), self.article.title)
            enclosures = [e.attrib for e in item.iterfind("enclosure")]
            expected = [
                (self.article.cover.url, self.article.cover.size),
                ("/media/uploads/inline.jpg", default_storage.size("uploads/inline.jpg")),
                (self.photo.image.url, self.photo.image.size),
            ]
            assert [(e["url"], int(e["length"])) for e in enclosures] == [
                (f"http://testserver{path}", size) for path, size in expected
            ], url
            assert {e["type"] for e in enclosures} == {"image/jpeg"}
            bare = item_titled(rss(self.client.get(url)), self.bare.title)
            assert bare.find("enclosure") is None

    def test_categories_name_the_regions_and_topics(self):
        for url in (YANDEX, ZEN):
            item = item_titled(rss(self.client.get(url)), self.article.title)
            categories = [category.text for category in item.iterfind("category")]
            assert {"Ульяновская область", "Образование"} <= set(categories), url

    def test_zen_items_carry_the_documented_elements(self):
        root = rss(self.client.get(ZEN))
        assert root.nsmap["content"] == NS["content"] and root.nsmap["media"] == NS["media"]
        for item in root.iterfind("channel/item"):
            assert item.findtext("link").startswith("http://testserver/news/")
            assert item.findtext("guid")
            assert item.findtext("author")
            assert RFC822.match(item.findtext("pubDate"))
            assert item.findtext("media:rating", namespaces=NS) == "nonadult"
            categories = [category.text for category in item.iterfind("category")]
            assert categories[:3] == ["format-article", "index", "comment-none"]
            assert "native-draft" not in categories
            assert item.findtext("content:encoded", namespaces=NS).strip()

    @override_settings(ZEN_FEED_DRAFTS=True)
    def test_zen_drafts_setting_asks_for_native_drafts(self):
        for item in rss(self.client.get(ZEN)).iterfind("channel/item"):
            assert "native-draft" in [category.text for category in item.iterfind("category")]

    def test_zen_content_is_the_full_article_in_zens_html(self):
        raw = self.client.get(ZEN).content.decode()
        assert "<content:encoded><![CDATA[" in raw  # as Дзен's examples give it
        item = item_titled(rss(self.client.get(ZEN)), self.article.title)
        markup = item.findtext("content:encoded", namespaces=NS)
        body = lxml_html.fragment_fromstring(markup, create_parent="div")
        for element in body.iterdescendants():
            assert element.tag in ZEN_TAGS, element.tag
            assert set(element.attrib) <= ZEN_ATTRIBUTES.get(element.tag, set()), element.tag
        for link in body.iter("a"):
            assert link.get("href").startswith("http://testserver/"), link.get("href")
        images = [img.get("src") for img in body.iter("img")]
        enclosures = [e.get("url") for e in item.iterfind("enclosure")]
        assert images == enclosures
        assert all(img.get("alt") for img in body.iter("img"))
        assert "alert" not in markup and "evil.example" not in markup
        assert body.xpath("//b[.='принято']") and body.xpath("//i[.='единогласно']")
        assert [li.text for li in body.iter("li")] == ["Первый пункт", "Второй пункт"]
        assert body.xpath("//h2[.='Что решили']")
        [signature] = body.xpath("//p[b='Дмитрий МИЛЯЕВ']")
        assert " ".join(signature.text_content().split()) == (
            "Дмитрий МИЛЯЕВ / ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ"
        )
        quote = signature.getnext()
        assert quote.tag == "blockquote"
        assert [p.text_content() for p in quote] == ["Первый абзац цитаты.", "Второй абзац цитаты."]
        captions = [" ".join(f.text_content().split()) for f in body.iter("figcaption")]
        assert captions == [
            "Подписание соглашения о сотрудничестве. Фото: Пресс-служба губернатора",
            "Схема работ",
            "Первый звонок. Фото: Пресс-служба",
        ]

    def test_a_block_edit_changes_the_etag_though_the_article_keeps_its_dates(self):
        for url in (YANDEX, ZEN):
            first = self.client.get(url)
            assert "Last-Modified" not in first
            etag = first["ETag"]
            assert self.client.get(url, headers={"if-none-match": etag}).status_code == 304
            block = self.article.blocks.get(position=2)
            block.quote = f"Новая цитата для {url}"
            block.save()
            changed = self.client.get(url, headers={"if-none-match": etag})
            assert changed.status_code == 200, url
            assert f"Новая цитата для {url}" in changed.content.decode()

    def test_the_site_lists_every_feed_of_its_own(self):
        feeds = Template("{% load metadata %}{% site_feeds as feeds %}"
                         "{% for n, u, t in feeds %}{{ n }}|{{ u }}|{{ t }};{% endfor %}"
                         ).render(Context())  # fmt: skip
        listed = [entry.split("|") for entry in feeds.strip(";").split(";")]
        assert [name for name, _, _ in listed] == ["RSS", "Atom", "Яндекс Новости", "Дзен"]
        for _, url, mime_type in listed:
            response = self.client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith(mime_type), url


@pytest.mark.django_db
def test_a_block_edit_reaches_the_cached_feeds(
    client, settings, django_capture_on_commit_callbacks
):  # noqa: E501
    settings.PAGE_CACHE_SECONDS = 3600
    block = TextBlockFactory(text="<p>Старый абзац.</p>")
    for url in (YANDEX, ZEN):
        client.get(url)
        assert "Старый абзац." in client.get(url).content.decode()  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        block.text = "<p>Новый абзац.</p>"
        block.save()
    for url in (YANDEX, ZEN):
        assert "Новый абзац." in client.get(url).content.decode(), url


def make_articles(count, *, person):
    start = timezone.now() - datetime.timedelta(hours=2)
    for number in range(count):
        article = CoveredArticleFactory(
            published_at=start + datetime.timedelta(minutes=number),
            regions=[region("ulyanovskaya-oblast")],
            topics=[TopicFactory(), TopicFactory()],
        )
        TextBlockFactory(article=article, text="<p>Первый абзац.</p>")
        QuoteBlockFactory(article=article, person=person)
        TextBlockFactory(article=article, text="<p>Второй абзац.</p>")
        QuoteBlockFactory(article=article, person=PersonFactory())
        PhotoFactory(article=article)
        PhotoFactory(article=article)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [YANDEX, ZEN])
def test_feeds_run_the_same_queries_for_1_and_20_articles(client, url):
    """Guards the N+1 of each item's blocks, speakers, photos, regions and topics."""
    person = PersonFactory()
    AppointmentFactory(person=person)
    make_articles(1, person=person)
    client.get(url)  # warm up: the Site cache
    with CaptureQueriesContext(connection) as one:
        assert len(rss(client.get(url)).findall("channel/item")) == 1
    make_articles(20, person=person)
    with CaptureQueriesContext(connection) as many:
        root = rss(client.get(url))
    assert len(root.findall("channel/item")) == 20  # the latest 20 of 21
    assert all(len(item.findall("enclosure")) == 3 for item in root.iter("item"))
    assert len(many) == len(one) <= 7, [q["sql"] for q in many]


@pytest.mark.django_db
def test_an_image_whose_file_is_missing_leaves_the_text_and_the_enclosures(client):
    article = ArticleFactory()
    TextBlockFactory(
        article=article,
        text='<p>До.</p><figure><img src="/media/uploads/gone.jpg" alt="Нет файла">'
        "<figcaption>Подпись пропавшего фото</figcaption></figure><p>После.</p>",
    )
    item = rss(client.get(ZEN)).find("channel/item")
    markup = item.findtext("content:encoded", namespaces=NS)
    assert "gone.jpg" not in markup and "Подпись пропавшего фото" not in markup
    assert "<p>До.</p>" in markup and "<p>После.</p>" in markup
    assert item.find("enclosure") is None


@pytest.mark.django_db
def test_text_that_would_end_a_cdata_section_survives_it(client):
    article = ArticleFactory(lead="Лид со знаками ]]> внутри.")
    QuoteBlockFactory(article=article, quote="Цитата с ]]> и <тегом>.")
    for url, path in ((YANDEX, "yandex:full-text"), (ZEN, "content:encoded")):
        text = rss(client.get(url)).find("channel/item").findtext(path, namespaces=NS)
        if url == ZEN:  # HTML
            text = lxml_html.fragment_fromstring(text, create_parent="div").text_content()
        else:  # escaped text
            text = html.unescape(text)
        text = text.replace("\N{NO-BREAK SPACE}", " ")
        assert "Лид со знаками ]]> внутри." in text, url
        assert "Цитата с ]]> и <тегом>." in text, url
