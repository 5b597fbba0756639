from django.db.models import ProtectedError


class DeletionRefused(ProtectedError):
    """A model's own refusal to be deleted, with a message for the user (Vietnamese)."""
