"""The indicator libraries shipped with Appraise; installed as ``appraise.libraries``."""
