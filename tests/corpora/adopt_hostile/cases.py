"""The hostile corpus for `modfirst adopt`: small projects with the files real repositories hold.

Each case is the bytes of its files (so encodings, byte-order marks and line endings are
exact), the files git must see as executable, the symbolic links (made at build time: git
stores links, an archive may not), files git ignores (written after the commit) and nested
repositories. tests/e2e/test_adopt_hostile.py builds each with build() and states its outcome.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from helpers import commit_all

MAIN_BLOCK = b'if __name__ == "__main__":\n    print(describe())\n'


@dataclass(frozen=True)
class Case:
    files: dict[str, bytes]
    executable: frozenset[str] = frozenset()
    links: dict[str, str] = field(default_factory=dict)  # link -> what it points at
    later: dict[str, bytes] = field(default_factory=dict)  # written after the commit
    submodules: tuple[str, ...] = ()  # folders of `files` committed as repositories first
    nested: tuple[str, ...] = ()  # folders of `later` made repositories, left untracked


def build(case: Case, root: Path) -> Path:
    """The case as a committed git repository at `root`."""
    for name, data in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name in case.executable:
        (root / name).chmod(0o755)
    for name, target in case.links.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).symlink_to(target)
    for name in case.submodules:  # the project's commit records each as a gitlink
        commit_all(root / name, "a repository of its own")
    commit_all(root, "the project as it was")
    for name, data in case.later.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    for name in case.nested:
        commit_all(root / name, "a repository of its own")
    return root


LATIN1 = Case(
    {
        # PEP 263: Python reads these as Latin-1; the bytes 0xe9 are not UTF-8.
        "main.py": "# -*- coding: latin-1 -*-\n"
        '"""Says café."""\n'
        "import words\n\n\n"
        "def describe():\n"
        '    return words.CAFE + " (main: \xe9)"\n\n\n'.encode("latin-1")
        + MAIN_BLOCK,
        "words.py": "# -*- coding: latin-1 -*-\n"
        "import accents  # the accented letters\n\n"
        'CAFE = "caf" + accents.E_ACUTE  # «\xa0café\xa0»\n'.encode("latin-1"),
        "accents.py": '# vim: set fileencoding=latin-1 :\nE_ACUTE = "\xe9"\n'.encode("latin-1"),
    }
)

BOM_CRLF = Case(
    {
        # Saved on Windows: a byte-order mark and CRLF; one file has mixed endings, tabs and
        # trailing whitespace, which must survive the rewrite byte for byte.
        "main.py": b"\xef\xbb\xbf"
        + '"""Counts, with a BOM and CRLF."""\r\n'
        "import helper\r\n\r\n\r\n"
        "def describe():\r\n"
        '    return helper.count("\u00fcber")\r\n\r\n\r\n'
        'if __name__ == "__main__":\r\n'
        "    print(describe())\r\n".encode(),
        "helper.py": b"\xef\xbb\xbf" + b"import util   \r\n"
        b"from util import SUFFIX\n"
        b"\r\n"
        b"def count(word):\r\n"
        b"\tif word:  \n"
        b"\t\treturn util.size(word) + SUFFIX\t\r\n"
        b'\treturn "none"\r\n',
        "util.py": b'SUFFIX = " letters"\r\n\r\n\r\n'
        b"def size(word):\r\n    return str(len(word))\r\n",
    }
)

SYMLINKS = Case(
    {
        "main.py": b"import helper\n\n\ndef describe():\n    return helper.NAME\n\n\n" + MAIN_BLOCK,
        "lib/real.py": b'NAME = "the real helper"\n',
        "bin/run": b"#!/bin/sh\nexec python -m symlinks\n",
    },
    executable=frozenset({"bin/run"}),
    # helper.py is the case; the others: a link that stays while its target moves,
    # one outside the project (relative, then absolute), and one pointing at nothing.
    links={
        "helper.py": "lib/real.py",
        "bin/main_link.py": "../main.py",
        "outside.txt": "../outside-the-project.txt",
        "hosts.txt": "/etc/hosts",
        "dangling.txt": "missing.txt",
    },
)

MODES_IGNORED_NESTED = Case(
    {
        "main.py": b"#!/usr/bin/env python3\nimport tool\n\n\ndef describe():\n"
        b"    return tool.NAME\n\n\n" + MAIN_BLOCK,
        "tool.py": b'#!/usr/bin/env python3\nNAME = "tool"\n',
        "shapes/__init__.py": b"",
        "shapes/square.py": b"def area(side):\n    return side * side\n",
        ".gitignore": b"local_settings.py\n*.db\nscratch/\n",
        "plugins/plugin.py": b'NAME = "a submodule"\n',
    },
    executable=frozenset({"main.py", "tool.py"}),
    later={
        "local_settings.py": b"SECRET = 1\n",
        "shapes/cache.db": b"\x00cache",
        "scratch/notes.py": b"# ignored, and a repository of its own\n",
        "vendored/lib.py": b"# a repository git does not track\n",
    },
    submodules=("plugins",),
    nested=("scratch", "vendored"),
)

NAMES = Case(
    {
        "main.py": "import données\nimport deep.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t as deep_t\n"
        "from long import VALUE\n\n\n"
        "def describe():\n"
        "    return données.NOM + deep_t.LEAF + VALUE\n\n\n".encode()
        + MAIN_BLOCK,
        "données.py": 'NOM = "données"\n'.encode(),
        "my notes.txt": b"a file name with a space\n",
        **{
            "deep/" + "/".join("abcdefghijklmnopqrst"[:i]) + ("/" if i else "") + "__init__.py": b""
            for i in range(21)
        },
        "deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/__init__.py": b'LEAF = " leaf"\n',
        "long.py": b"from " + b"n" * 180 + b" import VALUE\n",
        "n" * 180 + ".py": b'VALUE = " long"\n',
    }
)

# Refused: each leaves the tree as it was.
UNDECODABLE = Case({"main.py": b'print("caf\xe9")\nif __name__ == "__main__":\n    pass\n'})
BAD_COOKIE = Case({"main.py": b'# -*- coding: klingon -*-\nif __name__ == "__main__":\n    pass\n'})
PLAIN = Case(
    {
        "main.py": b"import tool\n\n\ndef describe():\n    return tool.NAME\n\n\n" + MAIN_BLOCK,
        "tool.py": b'NAME = "tool"\n',
        "shapes/__init__.py": b"",
        "shapes/square.py": b"def area(side):\n    return side * side\n",
        "data.txt": b"some data\n",
    }
)


def make_unreadable(root: Path) -> None:
    (root / "data.txt").chmod(0)


def make_read_only(root: Path) -> None:
    (root / "shapes").chmod(0o555)


def restore_modes(root: Path) -> None:
    """So the test's temporary folder can be removed."""
    for path in (root / "data.txt", root / "shapes"):
        if path.exists():
            path.chmod(0o755 if path.is_dir() else 0o644)


def chown_tree(root: Path, uid: int) -> None:
    os.chown(root, uid, uid)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            os.chown(os.path.join(folder, name), uid, uid, follow_symlinks=False)
