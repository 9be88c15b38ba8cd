"""The ``appraise`` command, run from a checkout: ``python cli.py validate SCHEME``.

The commands themselves are ``appraise.cli`` (``engine/cli.py`` here), installed with
the package, so that the installed command and this entry point are one and the same.
"""

from appraise.cli import main

if __name__ == "__main__":
    main()
