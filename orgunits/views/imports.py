"""Excel import of hamlets and organizations for a commune (being built)."""

from django.http import Http404
from django.views import View


class AreaImportView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404
