"""The reusable scoping suite: each app declares its scoped models here once, and
tests/test_scoping.py checks every declared model for every persona (STYLE.md §3, §8).

A case says how to create one object inside commune A and one inside commune B (so that data
that *could* leak exists), and which page and API routes show it. Later apps add a module
`<app>/tests/scoping_cases.py` with a `CASES` list; the suite discovers them.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps


@dataclass
class ScopedCase:
    model: type
    make: Callable  # make(world, "a" | "b") -> object inside commune A or B
    detail_url: str | None = None  # URL name taking pk
    edit_url: str | None = None
    delete_url: str | None = None
    list_url: str | None = None
    api_basename: str | None = None  # DRF router basename: "<basename>-list" / "-detail"
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.model._meta.label


def discover_cases() -> list[ScopedCase]:
    cases: list[ScopedCase] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.tests.scoping_cases"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name and not module_name.startswith(str(error.name)):
                raise
            continue
        cases.extend(module.CASES)
    return cases
