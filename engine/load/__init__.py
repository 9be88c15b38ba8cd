"""Loading text: bytes to YAML with every position kept, and the JSON Schema check in
words a person can act on."""

from .compose import compose
from .document import MAX_DEPTH, MAX_SCHEME_BYTES, Document, is_yaml_key, load_yaml
from .schema import TESTS_SCHEMA_NAME, check_schema, describe, scheme_schema
from .text import Made, beyond, not_figures, read_bytes, read_text, wrong_place

__all__ = [
    "MAX_DEPTH",
    "MAX_SCHEME_BYTES",
    "TESTS_SCHEMA_NAME",
    "Document",
    "Made",
    "beyond",
    "check_schema",
    "compose",
    "describe",
    "is_yaml_key",
    "load_yaml",
    "not_figures",
    "read_bytes",
    "read_text",
    "scheme_schema",
    "wrong_place",
]
