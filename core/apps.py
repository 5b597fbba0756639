from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from core import audit  # noqa: PLC0415 -- connects the audit signal handlers

        audit.connect_signals()
        from core import signals  # noqa: F401, PLC0415 -- connects the unit_moved receiver
