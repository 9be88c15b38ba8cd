"""``python -m appraise``: the same command as ``appraise``."""

from .cli import main

main(prog_name="appraise")
