"""The GitHub CLI calls of `kit publish --create github`, as argument lists (gh is run by the
kit with these, never through a shell), and which URLs name a GitHub repository."""

from __future__ import annotations

import pytest

from modfirst.kit import github


@pytest.mark.parametrize(
    ("url", "repository"),
    [
        ("git@github.com:course-2026/ada.git", "course-2026/ada"),
        ("https://github.com/course-2026/ada", "course-2026/ada"),
        ("https://github.com/course-2026/ada.git", "course-2026/ada"),
        ("ssh://git@github.com/course-2026/ada_lovelace.git", "course-2026/ada_lovelace"),
        ("https://gitlab.com/course/ada.git", None),
        ("/srv/room/ada.git", None),
        ("git@github.com:ada.git", None),
        ("https://github.com/org/ada/extra", None),
    ],
)
def test_repository_of(url: str, repository: str | None) -> None:
    assert github.repository_of(url) == repository


def test_the_calls_create_private_repositories_and_grant_push() -> None:
    assert github.view("org/ada") == ["gh", "repo", "view", "org/ada", "--json", "name"]
    assert github.create("org/ada") == [
        "gh",
        "repo",
        "create",
        "org/ada",
        "--private",
        "--disable-wiki",
    ]
    assert github.is_collaborator("org/ada", "ada-gh") == [
        "gh",
        "api",
        "repos/org/ada/collaborators/ada-gh",
        "--silent",
    ]
    assert github.add_collaborator("org/ada", "ada-gh") == [
        "gh",
        "api",
        "--method",
        "PUT",
        "repos/org/ada/collaborators/ada-gh",
        "-f",
        "permission=push",
        "--silent",
    ]
