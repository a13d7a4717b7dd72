"""An article's full text as news aggregators take it (docs/decisions/0010-aggregator-feeds.md).

The text is rendered from the article's blocks by one template, with the quotes signed as the
article page signs them (the name and the stored title of the block: the title on the article's
date is chosen once, by ``Block.save``, never here). Then it is reduced to what Дзен accepts
(``ZEN_TAGS``, absolute links, no classes, styles, scripts or frames), and that HTML is also
what the plain text for Яндекс Новости is read from: one rendering, two readings.

Every image of the text (the cover, the pictures in the rich text, the gallery) is also an
enclosure with its absolute address, size and type: sizes come from the storage (a stat of a
file, never a read or a query).
"""

import logging
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from lxml import html as lxml_html

logger = logging.getLogger(__name__)

# Дзен's allow-list for ``content:encoded`` (its RSS requirements), minus what our editor never
# produces (video, h1, u and s, which have no meaning of their own here).
ZEN_TAGS = {
    "p", "br", "h2", "h3", "h4", "blockquote", "figure", "img", "figcaption",
    "a", "ul", "ol", "li", "b", "i",
}  # fmt: skip
ZEN_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
# What our rich text allows and Дзен names otherwise.
RENAMED = {"strong": "b", "em": "i", "h1": "h2", "h5": "h4", "h6": "h4"}
BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "figure", "ul", "ol")
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".webp": "image/webp"}  # fmt: skip
# XML 1.0 has no place for these; an editor's stray control character must not break a feed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Image:
    url: str  # absolute
    length: int
    mime_type: str


@dataclass(frozen=True)
class FullText:
    html: str  # Дзен's subset of HTML, absolute links
    text: str  # plain paragraphs separated by blank lines
    images: tuple  # Image, in the order of the text, each once


def full_text(article, absolute):
    """The article's full text; ``absolute(url)`` gives a URL on the site's scheme and host.

    Reads ``article.blocks`` (with ``person``) and ``article.photos`` as prefetched."""
    rendered = render_to_string("discovery/full_text.html", {"article": article})
    root = lxml_html.fragment_fromstring(CONTROL_CHARACTERS.sub("", rendered), create_parent="div")
    for table in list(root.iter("table")):
        _table_as_paragraphs(table)
    for element in root.iter(*RENAMED):
        element.tag = RENAMED[element.tag]
    root.make_links_absolute(absolute("/"), resolve_base_href=False)
    images = tuple(_images(article, root, absolute))
    _drop_unsized_images(root, {image.url for image in images})
    markup = "".join(
        [root.text or "", *(lxml_html.tostring(child, encoding="unicode") for child in root)]
    )
    clean = nh3.clean(
        markup,
        tags=ZEN_TAGS,
        attributes=ZEN_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    ).strip()
    return FullText(clean, plain_text(clean), images)


def _table_as_paragraphs(table):
    """A table becomes a paragraph per row, its cells separated by semicolons: Дзен has no
    tables, and cells run together would read as one word."""
    rows = []
    for row in table.iter("tr", "caption"):
        cells = [cell.text_content().strip() for cell in row.iter("th", "td")]
        text = "; ".join(cell for cell in cells if cell) or row.text_content().strip()
        if text:
            rows.append(text)
    replacement = lxml_html.fragment_fromstring("<div></div>")
    for text in rows:
        paragraph = lxml_html.Element("p")
        paragraph.text = text
        replacement.append(paragraph)
    replacement.tail = table.tail
    table.getparent().replace(table, replacement)


def plain_text(markup):
    """Paragraphs of the HTML as text, a blank line between them; figures (captions) left out."""
    if not markup:
        return ""
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    for figure in list(root.iter("figure")):
        figure.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _drop_unsized_images(root, sized):
    """An image whose file is missing would be a broken picture at the aggregator and an
    enclosure short of its size: it leaves the text, with its figure if it was the figure's."""
    for img in list(root.iter("img")):
        if img.get("src") in sized:
            continue
        figure = next(img.iterancestors("figure"), None)
        if figure is not None and len(list(figure.iter("img"))) == 1:
            figure.drop_tree()
        else:
            img.drop_tree()


def _images(article, root, absolute):
    """Each image the text shows, with its size: the cover and gallery by their fields, the
    pictures of the rich text by their names in the storage."""
    files = {}
    if article.cover:
        files[absolute(article.cover.url)] = article.cover
    for photo in article.photos.all():
        files[absolute(photo.image.url)] = photo.image
    media = absolute(settings.MEDIA_URL)
    seen = set()
    for img in root.iter("img"):
        url = img.get("src")
        if not url or url in seen:
            continue
        seen.add(url)
        file = files.get(url)
        try:
            if file is not None:
                length, name = file.size, file.name
            elif url.startswith(media):
                name = unquote(urlsplit(url).path.removeprefix(urlsplit(media).path))
                length = default_storage.size(name)
            else:
                continue  # not ours: the sanitizer lets none through, so nothing to size
        except OSError:
            logger.warning("Image %s of article %s is missing", url, article.pk)
            continue
        suffix = PurePosixPath(name).suffix.lower()
        yield Image(url, length, IMAGE_TYPES.get(suffix, "application/octet-stream"))
