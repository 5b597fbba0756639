"""Form widgets: a select over a large, scoped queryset that is searched through htmx."""

import json

from django import forms
from django.urls import reverse

from core.ids import parse_id


class AutocompleteSelect(forms.Select):
    """A <select> that renders only the chosen option plus a search box filling it via htmx.

    The field's queryset still validates the submitted value, so scoping stays in one place;
    the widget only avoids rendering thousands of options.
    """

    template_name = "widgets/autocomplete_select.html"
    empty_option = True

    def __init__(
        self,
        url_name: str,
        attrs=None,
        initial_limit: int = 30,
        search_params: dict | None = None,
        include: str = "",
    ):
        """`search_params` go to the search URL with the typed text (e.g. {"history": "1"});
        `include` is a CSS selector of other fields whose current values go along (htmx's
        hx-include, e.g. "[name='area']")."""
        super().__init__(attrs=attrs)
        self.url_name = url_name
        self.initial_limit = initial_limit
        self.search_params = search_params or {}
        self.include = include

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["autocomplete_url"] = reverse(self.url_name)
        context["widget"]["search_label"] = getattr(self, "search_label", "")
        context["widget"]["search_vals"] = json.dumps({"field": name, **self.search_params})
        context["widget"]["include"] = self.include
        return context

    def optgroups(self, name, value, attrs=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        # Only well-formed ids: the form may be re-rendered with whatever the request sent.
        chosen = {str(parse_id(v)) for v in value if parse_id(v)}
        rows = list(queryset.filter(pk__in=chosen)) if chosen else []
        if len(rows) < self.initial_limit and not chosen:
            rows += list(queryset[: self.initial_limit])
        groups = [(None, [self.create_option(name, "", "---------", not chosen, 0)], 0)] if self.empty_option else []
        for index, obj in enumerate(rows, start=1):
            label = self.choices.field.label_from_instance(obj)
            groups.append((None, [self.create_option(name, obj.pk, label, str(obj.pk) in chosen, index)], index))
        return groups


class AutocompleteSelectMultiple(AutocompleteSelect, forms.SelectMultiple):
    """Several choices from a large, scoped queryset: the chosen ones are rendered selected, and a
    search sends them along (`<field>=<id>`, with `multiple=1`) so the options it returns keep
    them selected at the top, followed by the matches."""

    template_name = "widgets/autocomplete_select_multiple.html"
    empty_option = False

    def __init__(self, url_name: str, attrs=None, search_params: dict | None = None):
        super().__init__(
            url_name, attrs=attrs, initial_limit=0, search_params={"multiple": "1", **(search_params or {})}
        )
