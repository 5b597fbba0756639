"""Form helpers shared by every app."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: on the named fields it has, else above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, messages)
    else:
        form.add_error(None, error.messages)
