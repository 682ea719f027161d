"""Print a title with the standard library's string.capwords.

Run it as a file, `python exercises/ex2/report.py`, and as a module,
`python -m exercises.ex2.report`, from the project root (see exercises/README.md).
"""

from string import capwords  # the standard library's string module, or is it?

print(capwords("module first, file second"))
