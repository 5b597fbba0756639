from core.scope import can_anywhere


def navigation(request):
    """Expose to every page what the top bar needs: admin menu access and the user's unit."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    cache = {}

    def current_unit():
        # Called from the template (maybe twice): one query at most, and none on pages without a navbar.
        if "unit" not in cache:
            assignment = user.role_assignments.select_related("area", "organization").order_by("pk").first()
            cache["unit"] = assignment.target if assignment else None
        return cache["unit"]

    def can_add():
        # Entries that only add (imports) are hidden from users who may add nothing (viewers).
        # Lazy and cached on the user: list pages have already asked for their "add" button.
        return can_anywhere(user, "add")

    return {
        "nav_can_manage": can_anywhere(user, "manage"),
        "nav_can_add": can_add,
        "nav_current_unit": current_unit,
    }
