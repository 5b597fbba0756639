"""One step on one object: a small form (GET), then the service (POST) and back to the object.

The page needs the object to be visible (else 404) and the step to be allowed for this user in
the object's current state (`check`, else 403 with the reason; a step that does not apply to the
current state goes back to the object with the reason). The service checks again under a row
lock; its refusal is a 403, its ValidationError is shown on the form.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.forms import add_service_errors
from core.htmx import htmx_redirect, is_htmx_partial
from core.views import ScopedMixin


class ObjectActionView(ScopedMixin, FormView):
    """Base of the action pages.

    Args:
        action: the rule the page performs (what `check` asks).
        object_name: the object's name in the context, in the form's keyword arguments and as an
            attribute of the view (`self.report`...).
        form_class: what the step asks.
        title, intro, button_label, button_class, success_message: what the page says.
        nav_section: the menu entry the page belongs to.
        form_errors: exception classes of the service whose message goes on the form, like a
            ValidationError's.
        state_errors: exception classes (raised by `check` or the service) meaning the step does
            not apply to the object's current state (already approved...): not a permission
            matter, so no 403 page; the user is taken back to the object with the message.
    """

    object_name = "object"
    action = ""
    title = ""
    intro = ""
    button_label = gettext_lazy("Xác nhận")
    button_class = "btn-primary"
    success_message = gettext_lazy("Đã cập nhật.")
    nav_section = ""
    form_errors: tuple[type[Exception], ...] = ()
    state_errors: tuple[type[Exception], ...] = ()

    def check(self, obj) -> None:
        """Raise PermissionDenied (with the reason) when the user may not perform the step on `obj`."""
        raise NotImplementedError

    def get_breadcrumbs(self) -> list[dict]:
        return []

    def perform(self, form) -> None:
        raise NotImplementedError

    def load(self):
        self.object = self.get_scoped_object("view")
        setattr(self, self.object_name, self.object)
        self.check(self.object)

    def get(self, request, *args, **kwargs):
        try:
            self.load()
        except self.state_errors as error:
            return self.state_refused(error)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            self.load()
        except self.state_errors as error:
            return self.state_refused(error)
        return super().post(request, *args, **kwargs)

    def state_refused(self, error: Exception):
        """Go back to the object, saying why the step does not apply to it now (a second click on
        "Duyệt", a page left open while someone else acted)."""
        messages.warning(self.request, str(error))
        url = self.object.get_absolute_url()
        if is_htmx_partial(self.request):
            return htmx_redirect(url)
        return HttpResponseRedirect(url)

    def get_template_names(self):
        if is_htmx_partial(self.request):
            return [f"{self.template_name}#action_form"]
        return [self.template_name]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs[self.object_name] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                self.object_name: self.object,
                "title": self.title,
                "intro": self.intro,
                "button_label": self.button_label,
                "button_class": self.button_class,
                "breadcrumbs": self.get_breadcrumbs(),
                "nav_section": self.nav_section,
            }
        )
        return context

    def show_errors(self, form, error: ValidationError) -> None:
        add_service_errors(form, error)

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            self.show_errors(form, error)
            return self.form_invalid(form)
        except self.state_errors as error:
            return self.state_refused(error)
        except self.form_errors as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        url = self.object.get_absolute_url()
        if is_htmx_partial(self.request):
            return htmx_redirect(url)
        return HttpResponseRedirect(url)
