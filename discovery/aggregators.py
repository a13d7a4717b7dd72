"""RSS 2.0 as Яндекс Новости and Дзен read it: the full text, every image an enclosure, the
categories by region and topic (docs/decisions/0010-aggregator-feeds.md says where each element
comes from).

Items carry ``full_text`` (discovery.fulltext.FullText) and ``images`` beside Django's own
fields; the aggregators' own elements are written here, in the order their examples give.
"""

import html

from django.utils.feedgenerator import Rss201rev2Feed, rfc2822_date

YANDEX_NS = "http://news.yandex.ru"
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


def add_cdata_element(handler, name, text):
    """``<name><![CDATA[text]]></name>``: both aggregators ask for markup in CDATA."""
    handler.startElement(name, {})
    # ignorableWhitespace writes as it is given: the only unescaped write of the generator.
    handler.ignorableWhitespace("<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>")
    handler.endElement(name)


class AggregatorRss(Rss201rev2Feed):
    """RSS 2.0 whose items each name their author, all their images and their categories."""

    namespaces = {}

    def rss_attributes(self):
        return {**super().rss_attributes(), **self.namespaces}

    def add_enclosures(self, handler, item):
        for image in item["images"]:
            handler.addQuickElement(
                "enclosure",
                None,
                {"url": image.url, "length": str(image.length), "type": image.mime_type},
            )

    def add_categories(self, handler, item):
        for category in item["categories"]:
            handler.addQuickElement("category", category)


class YandexNewsRss(AggregatorRss):
    """Яндекс Новости: ``yandex:full-text`` as (escaped) plain text, ``yandex:genre``,
    ``pdalink``."""

    namespaces = {"xmlns:yandex": YANDEX_NS}

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        # The page is the same for phones (one responsive page): the "PDA" address is the link.
        handler.addQuickElement("pdalink", item["link"])
        handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": "false"})
        handler.addQuickElement("description", item["description"])
        handler.addQuickElement("author", item["author_name"])
        self.add_categories(handler, item)
        self.add_enclosures(handler, item)
        handler.addQuickElement("pubDate", rfc2822_date(item["pubdate"]))
        handler.addQuickElement("yandex:genre", item["genre"])
        # Plain text, escaped as HTML: Yandex's robot also takes HTML here (most feeds send it),
        # so a "<" of the text must not read as a tag (as titles and descriptions, ticket #6533).
        text = html.escape(item["full_text"].text, quote=False)
        add_cdata_element(handler, "yandex:full-text", text)


class ZenRss(AggregatorRss):
    """Дзен: ``content:encoded`` with its subset of HTML, ``media:rating`` and the categories
    that say how to publish (format, indexing, comments, draft) before the regions and topics."""

    namespaces = {"xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": "false"})
        handler.addQuickElement("pubDate", rfc2822_date(item["pubdate"]))
        handler.addQuickElement("media:rating", "nonadult", {"scheme": "urn:simple"})
        handler.addQuickElement("author", item["author_name"])
        self.add_categories(handler, item)
        self.add_enclosures(handler, item)
        handler.addQuickElement("description", item["description"])
        add_cdata_element(handler, "content:encoded", item["full_text"].html)
