"""Scheme tests and many schemes: the schemes and test files below a folder (``found``),
a test file read and checked (``suite``), its cases run (``run``) and shown (``shown``).

The last stage before the command: a case is scored and explained with everything above.
``found`` needs only the loader, so that ``validate`` of a folder loads no scoring.
"""
