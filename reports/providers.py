"""Figures the system already knows, which reports fill in automatically (issue 4).

The engine never imports the domain apps. Each domain app registers, in its AppConfig.ready(),
the figures it can compute for a unit and a period:

    providers.register("initiatives.registered", _("Mô hình đăng ký trong kỳ"), registered_count)

A provider is called with the area path of the reporting organization's area and the period's
first and last day (both included), and returns a number (or None when it has nothing to say).
An indicator whose `provider` names a registered key is filled from it and shown as such.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

ProviderFunction = Callable[[str, datetime.date, datetime.date], Decimal | int | None]


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    function: ProviderFunction

    def value(self, area_path: str, start: datetime.date, end: datetime.date) -> Decimal | None:
        result = self.function(area_path, start, end)
        return None if result is None else Decimal(result)


_registry: dict[str, Provider] = {}


def register(key: str, label, function: ProviderFunction) -> None:
    """Declare that `function` computes the figure `key` (re-registering replaces it)."""
    _registry[key] = Provider(key=key, label=label, function=function)


def get(key: str) -> Provider | None:
    return _registry.get(key)


def choices() -> list[tuple[str, str]]:
    """Return (key, label) of every registered provider, for the indicator form."""
    return sorted(((key, str(provider.label)) for key, provider in _registry.items()), key=lambda item: item[1])
