"""Factories for the unit tree: kinds come from the seed migration, so they are looked up, not made."""

import factory

from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind


def area_kind(code: str) -> AreaKind:
    return AreaKind.objects.get(code=code)


def organization_kind(code: str) -> OrganizationKind:
    return OrganizationKind.objects.get(code=code)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    kind = factory.LazyFunction(lambda: area_kind("tinh"))
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")


def province(name="Tỉnh Thử", **kwargs) -> Area:
    return AreaFactory(kind=area_kind("tinh"), name=name, **kwargs)


def commune(parent, name="Xã Thử", kind="xa", **kwargs) -> Area:
    return AreaFactory(kind=area_kind(kind), name=name, parent=parent, **kwargs)


def hamlet(parent, name="Ấp 1", kind="ap", **kwargs) -> Area:
    return AreaFactory(kind=area_kind(kind), name=name, parent=parent, code="", **kwargs)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = factory.LazyFunction(lambda: organization_kind("mttq"))
    name = factory.Sequence(lambda n: f"Ủy ban MTTQ {n}")


def organization(area, kind="mttq", name=None, **kwargs) -> Organization:
    kind_obj = organization_kind(kind)
    return OrganizationFactory(kind=kind_obj, area=area, name=name or f"{kind_obj.name} {area.name}", **kwargs)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")
    kind = "emulation"
