"""The one exception every adoption step raises when it cannot go ahead: the commands' shared
refusal (status 2, one line, nothing changed)."""

from ..exit_status import Refused as Refusal

__all__ = ["Refusal"]
