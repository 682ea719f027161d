"""modfirst: the command behind the module-first template (verify, adopt, kit)."""

__version__ = "0.3.0"
