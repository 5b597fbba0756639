"""The page of an administrative re-arrangement names it in the browser tab."""

import datetime
import re

import pytest

from orgunits.models import Rearrangement

pytestmark = pytest.mark.django_db


def test_rearrangement_page_has_a_tab_title(world, client):
    item = Rearrangement.objects.create(
        kind="merge", effective_date=datetime.date(2025, 7, 1), decision="NQ 1656/NQ-UBTVQH15"
    )
    item.successors.add(world.commune_a)
    client.force_login(world.editor_a)

    page = client.get(item.get_absolute_url()).content.decode()

    title = re.search(r"<title>(.*?)</title>", page, flags=re.DOTALL).group(1)
    assert " ".join(title.split()) == f"{item.get_kind_display()} — 01/07/2025 · danvan"
