"""The comment form's widgets are rendered by Django's Jinja2 templates (issue 15: ten
Django-template widget renders were a third of an article page's time); the markup must be
what Django's own templates give, so the speed-up cannot change what readers get."""

import pytest
from django.forms.renderers import DjangoTemplates, Jinja2

from comments.forms import CommentForm
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_comment_form_renders_with_jinja2_and_the_same_markup_as_django_templates():
    article = ArticleFactory()
    form = CommentForm(article, initial={"reply_to": 7})
    assert isinstance(form.renderer, Jinja2)

    django_form = CommentForm(article, initial={"reply_to": 7}, renderer=DjangoTemplates())
    django_form.initial = form.initial  # one timestamp and hash for both
    for name in form.fields:
        django_form.fields[name].initial = form[name].value()
        assert str(form[name]) == str(django_form[name]), name
