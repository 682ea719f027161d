"""modfirst: the command behind the module-first template (verify, check, update, adopt, kit)."""

import os
import sys

# The one version source (pyproject.toml reads it; a release tags the commit with it).
__version__ = "0.3.0"

# `python -m modfirst` run inside a project puts that folder first on sys.path (PEP 338), so the
# project's own logging.py or string.py would shadow the standard library for modfirst itself.
# A tool that works on projects never imports them: drop it while `-m` is still finding us
# (sys.argv[0] is "-m" only then; a plain `import modfirst` keeps the caller's path).
_first = os.path.realpath(sys.path[0] or os.curdir) if sys.path else ""
if sys.argv[:1] == ["-m"] and _first == os.path.realpath(os.getcwd()):
    del sys.path[0]
