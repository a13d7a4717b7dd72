"""What pages tell search engines and link previews: absolute addresses and JSON-LD."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.models import Topic
from discovery import feeds
from people.models import Person
from regions.models import Region
from toolkit.jsonld import jsonld
from toolkit.templatetags.urls import remembered_reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``url`` on the scheme and host of the request; left as it is when already absolute."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without a query string, except the page number of a list."""
    request = context.get("request")
    if request is None:
        return ""
    if context.get("article_page"):  # the article's page, also when answering its form
        return request.build_absolute_uri(context["article"].get_absolute_url())
    url = request.build_absolute_uri(request.path)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        url += f"?page={page.number}"
    return url


def is_article_page(context):
    """Whether this page is the public page of the ``article`` in the context (not its preview,
    nor a page about one of its comments); the article's view says so (``article_page``), also
    when it answers a comment sent back with errors at the form's address."""
    article, request = context.get("article"), context.get("request")
    if context.get("article_page") and getattr(article, "is_public", False):
        return True
    return bool(
        article is not None
        and request is not None
        and getattr(article, "is_public", False)
        and request.path == article.get_absolute_url()
    )


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """What this page tells link previews (Open Graph, Twitter cards) and feed readers, from
    the ``article``, ``region``, ``person`` or ``topic`` in the context."""
    meta = {
        "type": "website",
        "title": settings.SITE_NAME,
        "description": f"Официальные сообщения, заявления и цитаты должностных лиц: "
        f"{settings.SITE_NAME}.",
        "image": None,
        "image_alt": "",
        "twitter_card": "summary",
        "feeds": [("Все новости", *feed_urls("news"))],
    }
    region, person, topic = (context.get(name) for name in ("region", "person", "topic"))
    if is_article_page(context):
        article = context["article"]
        meta |= {
            "type": "article",
            "title": article.title,
            "description": Truncator(article.lead).words(40),
            "published": local_iso(article.published_at),
            "modified": local_iso(last_change(article)),
        }
        if article.cover:
            meta |= {
                "image": article.cover.url,
                "image_alt": article.cover_alt,
                "twitter_card": "summary_large_image",
            }
    elif isinstance(region, Region):
        meta["title"] = f"Новости {region.name_genitive}"
        meta["description"] = f"{meta['title']}: официальные сообщения, заявления, цитаты."
        meta["feeds"].append((meta["title"], *feed_urls("region", region.slug)))
    elif isinstance(person, Person):
        current = context.get("current")
        post = f", {current.display_title.lower()}" if current else ""
        meta["title"] = person.full_name
        meta["description"] = f"{person.full_name}{post}: цитаты и новости."
        if person.photo:
            meta |= {"image": person.photo.url, "image_alt": person.photo_alt}
        meta["feeds"].append((f"{person.full_name}: цитаты", *feed_urls("person", person.slug)))
    elif isinstance(topic, Topic):
        meta["title"] = f"{topic.name} — новости"
        meta["description"] = topic.description or f"Новости на тему «{topic.name}»."
        meta["feeds"].append((f"Тема «{topic.name}»", *feed_urls("topic", topic.slug)))
    if meta["image"]:
        meta["image"] = absolute_url(context, meta["image"])
    return meta


@register.simple_tag
def site_feeds():
    """The site's own feeds, the aggregators' included, as (name, address, MIME type): for the
    footer and the media page to list (discovery.feeds.SITE_FEEDS is the one list)."""
    return feeds.site_feeds()


def feed_urls(kind, *args):
    """The RSS and Atom addresses of a feed, each reversed once per process (every page asks
    for the site's; issue 15)."""
    return (remembered_reverse(f"feeds:{kind}-rss", *args),
            remembered_reverse(f"feeds:{kind}-atom", *args))  # fmt: skip


def last_change(article):
    """When the article last changed for its readers: an edit, or a scheduled publication."""
    return max(filter(None, [article.published_at, article.updated_at]), default=None)


def local_iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


@register.simple_tag(takes_context=True)
def article_jsonld(context, article):
    """schema.org NewsArticle and BreadcrumbList of ``article`` as JSON-LD <script> elements.

    Reads the article's regions and quote blocks (with their people) as prefetched by the
    article page: no query of its own.
    """
    request = context["request"]
    absolute = request.build_absolute_uri
    home = absolute(remembered_reverse("articles:home"))
    url = absolute(article.get_absolute_url())
    office = {
        "@type": "GovernmentOrganization",
        "name": settings.SITE_NAME,
        "url": home,
        "logo": {"@type": "ImageObject", "url": absolute(static("img/emblem.svg"))},
    }
    people = {}
    for block in article.blocks.all():
        if block.is_quote and block.person_id and block.person_id not in people:
            person = {
                "@type": "Person",
                "name": block.person.full_name,
                "url": absolute(block.person.get_absolute_url()),
            }
            if block.person_title:
                person["jobTitle"] = block.person_title
            people[block.person_id] = person
    regions = list(article.regions.all())
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.lead,
        "inLanguage": "ru",
        "datePublished": local_iso(article.published_at),
        "dateModified": local_iso(last_change(article)),
        "author": office,
        "publisher": office,
        "mentions": list(people.values()),
        "about": [
            {
                "@type": "AdministrativeArea",
                "name": region.name,
                "url": absolute(region.get_absolute_url()),
            }
            for region in regions
        ],
    }
    if article.cover:
        news["image"] = [absolute(article.cover.url)]
    topics = [topic.name for topic in article.topics.all()]
    if topics:
        news["keywords"] = topics
    # A subject of the federation rather than its district: the narrower place leads the way.
    region = next((r for r in regions if not r.is_district), regions[0] if regions else None)
    trail = [("Главная", home)]
    if region is not None:
        trail.append((region.name, absolute(region.get_absolute_url())))
    trail.append((article.title, url))
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": link}
            for position, (name, link) in enumerate(trail, start=1)
        ],
    }
    return format_html("{}\n{}", jsonld(news), jsonld(breadcrumbs))
