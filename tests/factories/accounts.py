import factory

from accounts.models import RoleAssignment, User

PASSWORD = "mat-khau-thu-nghiem-2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


def user_with_role(username, role, unit, **kwargs) -> User:
    """Return a user holding `role` on `unit` (an area or an organization)."""
    user = UserFactory(username=username, **kwargs)
    target = {"organization": unit} if unit.__class__.__name__ == "Organization" else {"area": unit}
    RoleAssignment.objects.create(user=user, role=role, **target)
    return user
