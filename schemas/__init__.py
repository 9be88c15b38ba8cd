"""The JSON Schemas of the scheme language; installed as ``engine.schemas``."""
