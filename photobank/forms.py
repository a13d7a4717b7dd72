"""The photo bank's filters: a region (a district with its subjects) and a period."""

from django import forms

from discovery.search.choices import filter_choices
from discovery.search.forms import DateRangeForm, OptionsSelect


class PhotoFilterForm(DateRangeForm, forms.Form):
    region = forms.ChoiceField(
        label="Регион", required=False, help_text="Округ — вместе с его субъектами.",
        widget=OptionsSelect,
    )  # fmt: skip
    date_from = forms.DateField(
        label="с", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    date_to = forms.DateField(
        label="по", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = filter_choices()  # built once per version of the data, as search's
        field = self.fields["region"]
        field.choices = self.known.choices["region"]
        field.widget.options_html = self.known.options["region"]

    def chosen_filters(self):
        """The valid filters, as discovery.search.filters.filter_articles takes them; an
        invalid one is left out (its field says why)."""
        self.is_valid()
        data = self.cleaned_data
        chosen = {
            "regions": self.known.regions.get(data.get("region")),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        return {name: value for name, value in chosen.items() if value is not None}
