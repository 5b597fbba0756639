from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Mô hình, điển hình Dân vận khéo")

    def ready(self):
        from initiatives import signals  # noqa: PLC0415 -- models are ready only now
        from initiatives.reporting import register_providers  # noqa: PLC0415

        register_providers()
        signals.connect()
