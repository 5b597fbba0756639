"""Every page names itself in the browser's tab (<title>), not just " · danvan"."""

import re

import pytest
from django.urls import reverse

from core.models import Job, ObjectChange

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), flags=re.S).group(1).strip()


def test_pages_without_a_list_title_still_name_themselves(world, client):
    job = Job.objects.create(kind="export", title="Xuất Excel: Tổ chức", created_by=world.admin)
    client.force_login(world.admin)
    world.commune_a.name = "Xã Long Điền mới"
    world.commune_a.save()  # an audit entry to open
    change = ObjectChange.objects.latest("pk")
    paths = [
        "/",
        reverse("search") + "?q=long",
        reverse("orgunits:area_tree"),
        reverse("accounts:profile"),
        reverse("accounts:password_change"),
        reverse("accounts:user_detail", args=[world.editor_a.pk]),
        reverse("accounts:user_add"),
        reverse("core:objectchange_detail", args=[change.pk]),
        reverse("core:job_detail", args=[job.pk]),
    ]

    titles = {path: _title(client.get(path)) for path in paths}

    assert [path for path, title in titles.items() if title.startswith("·")] == []
    assert titles[reverse("core:job_detail", args=[job.pk])] == "Xuất Excel: Tổ chức · danvan"
