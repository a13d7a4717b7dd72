"""An article's body is printed by Jinja2 (templates/jinja2/articles/body.html, issue 15): the
same HTML as the Django template and its includes printed (tests/articles/body_django.html),
for a fraction of the Python calls. Counted in calls, never timed."""

import cProfile
import datetime
import pstats
from pathlib import Path

import pytest
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone
from imagekit.models.fields.utils import ImageSpecFileDescriptor

from articles.models import Article
from regions.models import Region
from tests.events.helpers import EventFactory
from tests.factories import (
    ArticleFactory,
    CoveredArticleFactory,
    PersonFactory,
    PhotoFactory,
    PortraitPersonFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    TopicFactory,
    region,
)

pytestmark = pytest.mark.django_db

# The old body ends where {% endfragment %} followed it, without the file's last newline.
DJANGO_BODY = engines["django"].from_string(
    (Path(__file__).parent / "body_django.html").read_text().removesuffix("\n")
)
# What articles/article_detail.html renders inside the body's {% fragment %}.
JINJA_BODY = engines["django"].from_string('{% load jinja %}{% jinja "articles/body.html" %}')
HOSTILE = "<script>alert(\"x\")</script> & 'ёлки' «палки» &amp;"
RICH_TEXT = (
    '<p>Он сказал: "в Туле - хорошо", и т. д. <a href="https://example.ru/?a=1&amp;b=2">'
    "Ссылка</a>.</p><p>Второй абзац &amp; &lt;b&gt; 5 - 7 лет</p>"
)
# The rich article's body in Python calls (body_calls): 11,600 from Django's templates, 4,600
# from Jinja2's with its addresses and renditions remembered.
BODY_CALLS = 6000


def relations(article):
    """The relations the page prefetches before it renders the body (articles/fragments.py)."""
    prefetch_related_objects([article], "regions", "topics", "photos", "blocks__person")
    return article


def rich_article():
    """Everything the body can show, with hostile text wherever an editor can type."""
    article = CoveredArticleFactory(
        title=HOSTILE, lead=f"Лид: {HOSTILE}", cover_alt=HOSTILE,
        cover_caption=f"Подпись {HOSTILE}", cover_credit=HOSTILE,
    )  # fmt: skip
    TextBlockFactory(article=article, text=RICH_TEXT)
    QuoteBlockFactory(
        article=article, person=PortraitPersonFactory(last_name=f"О'Нил {HOSTILE}"),
        person_title=f"Министр {HOSTILE}", quote=f'Первый "абзац" - да.\n\n  \nВторой {HOSTILE}',
    )  # fmt: skip
    QuoteBlockFactory(article=article, person=PersonFactory(), person_title="")
    TextBlockFactory(article=article, text="<p>Последний абзац.</p>")
    PhotoFactory(article=article, caption=f"Без точки {HOSTILE}", alt=HOSTILE)
    PhotoFactory(article=article, caption="С точкой.", credit=HOSTILE)
    PhotoFactory(article=article, caption="Вопрос?")
    PhotoFactory(article=article, caption="")
    Region.objects.filter(slug="tulskaya-oblast").update(name=HOSTILE)
    article.regions.set([region("ulyanovskaya-oblast"), region("tulskaya-oblast")])
    article.topics.set([TopicFactory(name=HOSTILE), TopicFactory()])
    for days in (3, 1):
        start = timezone.now() - datetime.timedelta(days=days)
        EventFactory(report=article, title=f"Событие {days} {HOSTILE}", starts_at=start)
    return relations(Article.objects.get(pk=article.pk))


def render_both(article, *, preview=False):
    request = RequestFactory().get(article.get_absolute_url())
    context = {"article": article, "preview": preview}
    return DJANGO_BODY.render(context, request), JINJA_BODY.render(context, request)


@pytest.mark.parametrize("preview", [False, True])
def test_a_rich_body_is_what_djangos_templates_printed(preview):
    django_html, jinja_html = render_both(rich_article(), preview=preview)
    assert jinja_html == django_html
    assert "<script>" not in jinja_html and "&lt;script&gt;alert(&quot;x&quot;)" in jinja_html
    assert "&#x27;ёлки&#x27;" in jinja_html and "&amp;amp;" in jinja_html
    assert jinja_html.count('class="quote__photo"') == 1
    assert jinja_html.count('<span class="quote__title">') == 1
    assert jinja_html.count("<p>", jinja_html.index("Первый")) >= 2  # a quote of paragraphs
    assert "«абзац»" in jinja_html and 'href="https://example.ru/?a=1&amp;b=2"' in jinja_html
    assert "палки».</figcaption>" not in jinja_html  # the cover's credit follows the caption
    assert "палки» &amp;amp;. <span" in jinja_html and "С точкой. <span" in jinja_html
    assert "Анонсы событий: " in jinja_html and jinja_html.count('class="tag"') == 4
    assert ("Поделиться" in jinja_html) is not preview


def test_a_bare_draft_is_what_djangos_templates_printed():
    """No date, cover, blocks, gallery, tags, events; as the staff's preview shows it."""
    article = relations(ArticleFactory(status=Article.Status.DRAFT, published_at=None))
    for preview in (True, False):
        django_html, jinja_html = render_both(article, preview=preview)
        assert jinja_html == django_html
        assert "Дата публикации не назначена" in jinja_html
        assert "<figure" not in jinja_html and "article__tags" not in jinja_html


def test_one_of_each_is_what_djangos_templates_printed():
    """One region, no topics, one reported event, a quote with a photo and no title, a cover
    whose caption ends with its own punctuation, and one without a caption or credit."""
    article = CoveredArticleFactory(cover_caption="Подпись с восклицанием!")
    QuoteBlockFactory(article=article, person=PortraitPersonFactory(), person_title="")
    PhotoFactory(article=article, caption="")
    article.regions.set([region("ulyanovskaya-oblast")])
    EventFactory(report=article)
    article = relations(article)
    django_html, jinja_html = render_both(article)
    assert jinja_html == django_html
    assert "восклицанием! <span" in jinja_html and "Анонс события: " in jinja_html
    assert "Темы:" not in jinja_html and "quote__title" not in jinja_html
    # Not allowed on save, but the template must not depend on it.
    article.cover_caption = article.cover_credit = ""
    django_html, jinja_html = render_both(article)
    assert jinja_html == django_html
    assert '<figcaption><span class="credit">Фото: </span></figcaption>' in jinja_html


def test_a_missing_cover_file_is_what_djangos_templates_printed(caplog):
    article = CoveredArticleFactory()
    article.cover.name = "covers/net-takogo.jpg"
    django_html, jinja_html = render_both(relations(article))
    assert jinja_html == django_html
    assert 'src="/media/covers/net-takogo.jpg"' in jinja_html


def body_calls(page, article):
    """Python calls of ``article``'s body in ``page``: the page with its body to draw, less the
    same page with the body kept by its fragment (the metadata kept in both)."""
    request = RequestFactory().get(article.get_absolute_url())
    vary_on = [article.pk, "versions", True]
    meta = make_template_fragment_key("article-meta", vary_on)
    body = make_template_fragment_key("article-body", vary_on)

    def calls(kept):
        context = {"article": article, "preview": True, "fragment_seconds": 60,
                   "fragment_versions": "versions", "fragment_kept": kept}  # fmt: skip
        page.render(context, request)  # warm: templates compiled, renditions known
        profile = cProfile.Profile()
        profile.enable()
        page.render(context, request)
        profile.disable()
        return pstats.Stats(profile).total_calls

    return calls({meta: ""}) - calls({meta: "", body: "<article></article>"})


def test_the_body_costs_a_bounded_number_of_calls():
    """Drawn by the article page's own template: over the budget, and over half of what the
    old Django body costs in the same page, if the body goes back to Django's templates."""
    article = rich_article()
    page = engines["django"].get_template("articles/article_detail.html")
    calls = body_calls(page, article)
    assert calls <= BODY_CALLS, calls
    source = page.template.source
    assert source.count('{% jinja "articles/body.html" %}') == 1
    old_source = source.replace('{% jinja "articles/body.html" %}', DJANGO_BODY.template.source)
    old_page = engines["django"].from_string(old_source)
    assert calls * 2 < body_calls(old_page, article)


def test_the_body_reverses_no_address_once_warm():
    """Its addresses (speakers, regions, topics, events, sharing) are remembered: Django's
    reverse() is about a hundred calls apiece, one per tag of a long list."""
    article = rich_article()
    request = RequestFactory().get(article.get_absolute_url())
    context = {"article": article, "preview": False}
    JINJA_BODY.render(context, request)
    profile = cProfile.Profile()
    profile.enable()
    JINJA_BODY.render(context, request)
    profile.disable()
    reversed_here = [f for f in pstats.Stats(profile).stats if f[2] == "_reverse_with_prefix"]
    assert reversed_here == []


def test_a_warm_body_makes_no_rendition(monkeypatch):
    """Its pictures and the gallery's links to their large copies are remembered
    (toolkit/templatetags/pictures.py): ImageKit names a rendition by pickling its spec."""
    article = rich_article()
    request = RequestFactory().get(article.get_absolute_url())
    context = {"article": article, "preview": False}
    JINJA_BODY.render(context, request)
    made = []
    real = ImageSpecFileDescriptor.__get__
    monkeypatch.setattr(
        ImageSpecFileDescriptor, "__get__", lambda *args: made.append(args) or real(*args)
    )
    assert JINJA_BODY.render(context, request).count('class="gallery__open"') == 4
    assert made == []


def test_a_gallery_photo_whose_original_is_missing_does_not_take_the_page_down():
    """As the pictures do: the link to the large copy falls back to the file, logged."""
    article = ArticleFactory()
    photo = PhotoFactory(article=article)
    photo.image.storage.delete(photo.image.name)
    html = JINJA_BODY.render(
        {"article": relations(article), "preview": False}, RequestFactory().get("/")
    )
    assert f'class="gallery__open" href="{photo.image.url}"' in html
