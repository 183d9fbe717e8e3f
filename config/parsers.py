"""The API's JSON parser. Its own module: DRF's views read the parser setting when they are
imported, and config.api imports them."""

from django.conf import settings
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a document nested deeper than API_MAX_JSON_DEPTH levels
    (arrays and objects) with a 400, where the parser's own recursion would otherwise end
    in a RecursionError and a 500. Nothing the API reads is near the limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = _deeper_than(data, settings.API_MAX_JSON_DEPTH)
        if too_deep:
            raise exceptions.ParseError(
                f"The JSON is nested more than {settings.API_MAX_JSON_DEPTH} levels deep; send "
                f"at most {settings.API_MAX_JSON_DEPTH} levels of arrays and objects.",
                code="too_deeply_nested",
            )
        return data


def _deeper_than(data: object, limit: int) -> bool:
    """Whether data nests arrays and objects more than limit levels deep (data itself is
    the first); level by level, not by recursion, since the point is data too deep for it."""
    level = [data]
    for _ in range(limit):
        level = [
            child
            for value in level
            if isinstance(value, dict | list)
            for child in (value.values() if isinstance(value, dict) else value)
        ]
        if not level:
            return False
    return any(isinstance(value, dict | list) for value in level)
