"""Every GitHub CLI (`gh`) command the kit runs, as argument lists, in one place.

`kit publish --create github` creates each seat's repository (private) and gives the student
push access; what exists already is left alone. These are the only GitHub calls modfirst
makes, and gh does the signing in (`gh auth login`), so modfirst never holds a token.
"""

from __future__ import annotations

import re

GH = "gh"
# git@github.com:ORG/NAME.git, ssh://git@github.com/ORG/NAME.git, https://github.com/ORG/NAME
_GITHUB_URL = re.compile(
    r"^(?:git@github\.com:|ssh://git@github\.com/|https://github\.com/)"
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def repository_of(url: str) -> str | None:
    """OWNER/NAME of a GitHub repository URL, or None when the URL is not GitHub's."""
    found = _GITHUB_URL.match(url.strip())
    return f"{found['owner']}/{found['name']}" if found else None


def view(repository: str) -> list[str]:
    """Exits 0 when the repository exists and this account can see it."""
    return [GH, "repo", "view", repository, "--json", "name"]


def create(repository: str) -> list[str]:
    """A new, empty, private repository (the kit pushes the seat's history into it)."""
    return [GH, "repo", "create", repository, "--private", "--disable-wiki"]


def is_collaborator(repository: str, user: str) -> list[str]:
    """Exits 0 when `user` is a collaborator already (GitHub answers 204), else 1 (404)."""
    return [GH, "api", f"repos/{repository}/collaborators/{user}", "--silent"]


def add_collaborator(repository: str, user: str) -> list[str]:
    """Invite `user` with push access (GitHub's `push` permission: write, not admin)."""
    return [
        GH,
        "api",
        "--method",
        "PUT",
        f"repos/{repository}/collaborators/{user}",
        "-f",
        "permission=push",
        "--silent",
    ]
