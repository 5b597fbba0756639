"""The project's Vietnamese catalogue (locale/vi) completes the libraries' own, and is compiled."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def po_entries() -> dict[str, str]:
    """The msgid → msgstr pairs of the .po file (one line each, as the file is written)."""
    text = PO.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.MULTILINE)
    return {msgid.replace('\\"', '"'): msgstr.replace('\\"', '"') for msgid, msgstr in pairs}


def test_the_compiled_catalogue_holds_every_entry_of_the_po_file():
    entries = po_entries()

    with translation.override("vi"):
        stale = {
            msgid: translation.gettext(msgid)
            for msgid, msgstr in entries.items()
            if translation.gettext(msgid) != msgstr
        }

    assert len(entries) > 70
    assert all(msgstr for msgstr in entries.values())
    assert stale == {}, "run: msgfmt -o locale/vi/LC_MESSAGES/django.mo locale/vi/LC_MESSAGES/django.po"


@pytest.mark.django_db
def test_api_errors_are_in_vietnamese(world, client):
    anonymous = client.get("/api/areas/")
    client.force_login(world.admin)
    malformed = client.post("/api/initiatives/", data='{\n "name": x}', content_type="application/json")
    not_a_number = client.post("/api/initiatives/", data='{"year": NaN}', content_type="application/json")
    not_utf8 = client.post("/api/initiatives/", data=b"{}" + b"\xff", content_type="application/json")

    assert anonymous.json() == {"detail": "Chưa cung cấp thông tin xác thực (đăng nhập hoặc mã truy cập)."}
    assert malformed.json() == {"detail": "Nội dung JSON không đọc được (dòng 2, cột 10)."}
    assert not_a_number.json() == {"detail": "Nội dung JSON có giá trị không hợp lệ (NaN hoặc Infinity)."}
    assert not_utf8.json() == {"detail": "Nội dung gửi lên không đọc được theo bảng mã utf-8."}


def test_password_and_null_character_errors_are_in_vietnamese():
    with translation.override("vi"):
        with pytest.raises(ValidationError) as short:
            validate_password("x7#kq")
        with pytest.raises(ValidationError) as null:
            ProhibitNullCharactersValidator()("2025Q1\x00")

    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in short.value.messages
    assert null.value.messages == ["Không được có ký tự rỗng (null)."]


def test_whole_number_slug_and_formset_messages_are_vietnamese():
    from django import forms
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_slug
    from django.forms import formset_factory
    from django.utils import translation

    with translation.override("vi"):
        with pytest.raises(ValidationError) as whole:
            forms.IntegerField().clean("a")
        with pytest.raises(ValidationError) as slug:
            validate_slug("a b")
        rows = formset_factory(forms.Form, max_num=2, validate_max=True)(
            {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"}
        )
        rows.is_valid()

        assert whole.value.messages == ["Nhập một số nguyên."]
        assert slug.value.messages == ["Mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch dưới hoặc gạch ngang."]
        assert list(rows.non_form_errors()) == ["Chỉ được gửi tối đa 2 dòng."]
