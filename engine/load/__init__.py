"""Loading text: bytes to YAML with every position kept, and the JSON Schema check in
words a person can act on."""

from .compose import compose
from .document import MAX_DEPTH, MAX_SCHEME_BYTES, Document, is_yaml_key, load_yaml
from .schema import TESTS_SCHEMA_NAME, check_schema, describe, scheme_schema
from .text import NOT_FIGURES, WRONG_PLACE, read_bytes, read_text

__all__ = [
    "MAX_DEPTH",
    "MAX_SCHEME_BYTES",
    "NOT_FIGURES",
    "TESTS_SCHEMA_NAME",
    "WRONG_PLACE",
    "Document",
    "check_schema",
    "compose",
    "describe",
    "is_yaml_key",
    "load_yaml",
    "read_bytes",
    "read_text",
    "scheme_schema",
]
