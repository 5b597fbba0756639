"""The settings of an area's public gallery, edited by the unit's administrators."""

from django import forms

from initiatives.models import PublicGallery
from orgunits.forms import BootstrapMixin


class PublicGalleryForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PublicGallery
        fields = ["is_enabled", "title", "introduction", "show_contacts"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()
