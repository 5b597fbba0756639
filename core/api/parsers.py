"""The API's JSON parser, with its errors in Vietnamese and the place of the mistake.

DRF's own parser answers "JSON parse error - <Python's English message>", text it builds itself
and that no catalogue translates.
"""

import codecs
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json as drf_json


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError as error:
            raise ParseError(
                _("Nội dung gửi lên không đọc được theo bảng mã %(encoding)s.") % {"encoding": encoding}
            ) from error
        parse_constant = drf_json.strict_constant if self.strict else None
        try:
            return drf_json.loads(text, parse_constant=parse_constant)
        except json.JSONDecodeError as error:
            raise ParseError(
                _("Nội dung JSON không đọc được (dòng %(line)s, cột %(column)s).")
                % {"line": error.lineno, "column": error.colno}
            ) from error
        except ValueError as error:  # NaN or Infinity, refused as DRF does (STRICT_JSON)
            raise ParseError(_("Nội dung JSON có giá trị không hợp lệ (NaN hoặc Infinity).")) from error
