"""The templates that ``appraise init`` copies: each NAME.yaml with its data, NAME.csv;
installed as ``appraise.templates``."""
