"""modfirst: the command behind the module-first template (verify, check, update, adopt, kit)."""

# The one version source (pyproject.toml reads it; a release tags the commit with it).
__version__ = "0.3.0"
