"""The search page's form: the words, the three selects, the dates."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .choices import filter_choices
from .query import QUERY_MAX_LENGTH


class OptionsSelect(forms.Select):
    """A <select> of options rendered beforehand (``options_html``), marked selected per request.

    Django's Select renders two templates per option: 420 options, 850 template renders, a
    fifth of the search page's time, for markup that differs only by the selected option. The
    HTML is Django's own (tests/discovery/test_search_form.py compares the two).
    """

    options_html = ""

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options_html
        for chosen in self.format_value(value)[:1]:
            option = format_html('<option value="{}">', chosen)
            options = options.replace(option, f"{option[:-1]} selected>", 1)
        attrs = self.build_attrs(self.attrs, attrs)
        options = mark_safe(options)  # escaped by format_html in _options
        return format_html('<select name="{}"{}>{}\n</select>', name, _attributes(attrs), options)


class PlainInputMixin:
    """An <input> as Django's input.html writes it, without a template: three of them were a
    tenth of a search's Python calls once the rest of the page was Jinja2's."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else format_html(' value="{}"', value)
        attrs = _attributes(self.build_attrs(self.attrs, attrs))
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, shown, attrs)


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainDateInput(PlainInputMixin, forms.DateInput):
    pass


def _attributes(attrs):
    """Attributes as django/forms/widgets/attrs.html writes them: True bare, False left out."""
    return mark_safe(  # each attribute escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class DateRangeForm:
    """For a form with ``date_from`` and ``date_to`` (search, the photo bank): the period's
    ends in order, and a date that is no date not shown back."""

    def clean(self):
        cleaned_data = super().clean()
        # A date field cannot show back what is no date: that would be invalid HTML.
        self.data = self.data.copy()
        for name in ("date_from", "date_to"):
            if name in self._errors:
                self.data[name] = ""
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "Эта дата раньше начальной: поменяйте даты местами.")
        return cleaned_data


class SearchForm(DateRangeForm, forms.Form):
    """What a reader may ask for; the choices are built once per version of the data. Its
    widgets write Django's own markup without a template (tests/discovery/test_search_form.py)."""

    q = forms.CharField(
        label="Что найти",
        required=False,
        help_text="Слова в любой форме: «тульская» найдёт и «Тульской». Точная фраза — "
        "в кавычках, исключить слово — минус перед ним.",
        widget=PlainTextInput(attrs={"type": "search", "maxlength": QUERY_MAX_LENGTH}),
    )
    region = forms.ChoiceField(
        label="Регион",
        required=False,
        help_text="Округ — вместе с его субъектами.",
        widget=OptionsSelect,
    )
    person = forms.ChoiceField(label="Кого цитируют", required=False, widget=OptionsSelect)
    topic = forms.ChoiceField(label="Тема", required=False, widget=OptionsSelect)
    date_from = forms.DateField(
        label="с",
        required=False,
        widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label="по",
        required=False,
        widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    filters = ("region", "person", "topic", "date_from", "date_to")
    selects = ("region", "person", "topic")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filter_choices = filter_choices()
        for name in self.selects:
            field = self.fields[name]
            field.choices = self.filter_choices.choices[name]  # normalized when built
            field.widget.options_html = self.filter_choices.options[name]

    def chosen_filters(self):
        """The valid filters chosen, as filter_articles takes them; an invalid one is left out."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data, known = self.cleaned_data, self.filter_choices
        chosen = {
            "regions": known.regions.get(data.get("region")),
            "person": known.people.get(data.get("person")),
            "topic": known.topics.get(data.get("topic")),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        return {name: value for name, value in chosen.items() if value is not None}
