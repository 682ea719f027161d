"""The one exception every adoption step raises when it cannot go ahead."""


class Refusal(Exception):
    """Adoption cannot go ahead: a one-line reason with the fix; nothing was changed."""

    def __init__(self, reason: str) -> None:
        # One line, whatever a tool's message held (git's stderr has several).
        super().__init__("; ".join(part.strip() for part in reason.splitlines() if part.strip()))
