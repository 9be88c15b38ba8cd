"""Building a scheme: YAML to the typed, checked, compiled :class:`appraise.model.Scheme`,
one module per part of a scheme, sharing one :class:`.context.Context`."""

from .scheme import Validation, build, load_scheme, validate_scheme

__all__ = ["Validation", "build", "load_scheme", "validate_scheme"]
