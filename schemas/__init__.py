"""The JSON Schemas of the scheme language; installed as ``appraise.schemas``."""
