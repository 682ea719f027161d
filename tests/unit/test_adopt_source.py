"""Adopt's reading and writing of source, without git or copier: the encodings Python accepts
(PEP 263 cookie, BOM, UTF-8) decode and encode back to the same bytes, rewrites change only
the rewritten statements' bytes, and symbolic links are re-pointed so they resolve."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora.adopt_hostile import cases

from modfirst.adopt import rewrite, source
from modfirst.adopt.entry import inside_project
from modfirst.adopt.layout import repoint_links
from modfirst.adopt.paths import moved_to
from modfirst.adopt.refusal import Refusal
from modfirst.adopt.scan import read_tree


def refusal_of(data: bytes) -> str:
    with pytest.raises(Refusal) as caught:
        source.decode(data, "m.py")
    return str(caught.value)


def test_each_encoding_python_accepts_decodes_as_python_does() -> None:
    assert source.decode(cases.LATIN1.files["words.py"], "w.py")[1].encoding == "iso-8859-1"
    assert source.decode(cases.LATIN1.files["accents.py"], "a.py")[0].endswith('"é"\n')
    bom = source.Format("utf-8-sig")
    assert source.decode(b"\xef\xbb\xbfx = 1\r\n", "b.py") == ("x = 1\r\n", bom)
    assert source.decode("x = 'é'\n".encode(), "u.py") == ("x = 'é'\n", source.Format())


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"x = 'caf\xe9'\n", "m.py: line 1: byte 0xe9 is not utf-8"),
        (b"# ok\nx = 1\ny = '\xff'\n", "m.py: line 3: byte 0xff is not utf-8"),
        (b"# -*- coding: klingon -*-\n", "m.py: unknown encoding: klingon"),
        (b"\xef\xbb\xbf# coding: latin-1\n", "m.py: encoding problem: utf-8"),
    ],
    ids=["line-1", "line-3", "unknown-cookie", "bom-and-other-cookie"],
)
def test_what_python_cannot_decode_is_refused_in_one_line(data: bytes, reason: str) -> None:
    message = refusal_of(data)
    assert message.startswith(reason) and "\n" not in message, message
    assert message.endswith("then adopt")


@pytest.mark.parametrize("name", ["main.py", "words.py", "accents.py", "helper.py", "util.py"])
def test_decoding_then_encoding_gives_back_the_same_bytes(name: str) -> None:
    data = {**cases.LATIN1.files, **cases.BOM_CRLF.files}[name]
    text, encoding = source.decode(data, name)
    assert encoding.encode(text, name) == data


def test_an_import_rewrite_changes_only_its_own_bytes() -> None:
    """BOM, CRLF, a lone LF, tabs and trailing whitespace all stay as they were."""
    data = cases.BOM_CRLF.files["helper.py"]
    text, encoding = source.decode(data, "helper.py")
    new, edits = rewrite.rewrite_imports(text, frozenset({"util"}), 0, None)
    assert [(e.line, e.after) for e in edits] == [
        (1, "from . import util"),
        (2, "from .util import SUFFIX"),
    ]
    assert encoding.encode(new, "helper.py") == data.replace(
        b"import util   \r\n", b"from . import util   \r\n"
    ).replace(b"from util import SUFFIX\n", b"from .util import SUFFIX\n")


def test_latin1_rewrite_stays_latin1() -> None:
    data = cases.LATIN1.files["words.py"]
    text, encoding = source.decode(data, "words.py")
    new, _ = rewrite.rewrite_imports(text, frozenset({"accents"}), 0, None)
    assert encoding.encode(new, "words.py") == data.replace(
        b"import accents", b"from . import accents"
    )


def test_the_entry_function_takes_the_files_line_ending() -> None:
    text, _ = source.decode(cases.BOM_CRLF.files["main.py"], "main.py")
    new, count = rewrite.entry_function(text, "main")
    assert count == 1 and "def main(" in new
    assert "\n" not in new.replace("\r\n", "")


def test_text_the_encoding_cannot_hold_is_refused() -> None:
    with pytest.raises(Refusal, match=r"^m.py: the rewritten text has '€', which iso-8859-1"):
        source.Format("iso-8859-1").encode("x = '€'\n", "m.py")


def test_a_refusal_is_one_line_whatever_it_quotes() -> None:
    assert str(Refusal("git mv failed:\nfatal: a\n\n  fatal: b\n")) == (
        "git mv failed:; fatal: a; fatal: b"
    )


def test_settings_files_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_bytes(b"[metadata]\nname = caf\xe9\n")
    with pytest.raises(Refusal, match=r"^setup.cfg: line 2: byte 0xe9 is not UTF-8"):
        source.read_text(tmp_path / "setup.cfg", "setup.cfg")


def test_links_are_not_parsed_and_are_repointed_to_the_same_file(tmp_path: Path) -> None:
    root = tmp_path / "links"
    for name, data in cases.SYMLINKS.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    for name, target in cases.SYMLINKS.links.items():
        (root / name).symlink_to(target)
    files = sorted([*cases.SYMLINKS.files, *cases.SYMLINKS.links])
    tree = read_tree(root, files)
    assert set(tree.links) == {"bin/main_link.py", "dangling.txt", "helper.py", "hosts.txt"} | {
        "outside.txt"
    }
    assert "helper.py" not in tree.sources and "main.py" in tree.sources
    moving = {"helper.py": "src/p/helper.py", "main.py": "src/p/main.py"}
    links = repoint_links(tree, moving)
    assert [(e.path, e.before, e.after) for e in links.edits] == [
        ("bin/main_link.py", "../main.py", "../src/p/main.py"),
        ("src/p/helper.py", "lib/real.py", "../../lib/real.py"),
    ]
    assert len(links.risks) == 4  # dangling, helper moved, /etc/hosts, ../outside


def test_a_folder_whose_files_all_move_moves_as_one() -> None:
    files = ["shapes/a.py", "shapes/b/c.py", "data.txt"]
    moving = {"shapes/a.py": "src/p/shapes/a.py", "shapes/b/c.py": "src/p/shapes/b/c.py"}
    assert moved_to("shapes", files, moving) == "src/p/shapes"
    assert moved_to("shapes/b", files, moving) == "src/p/shapes/b"
    assert moved_to("data.txt", files, moving) == "data.txt"
    assert moved_to("shapes", [*files, "shapes/keep.txt"], moving) == "shapes"


@pytest.mark.parametrize("given", ["../x.py", "/etc/hosts", "a/../../x.py"])
def test_an_entry_outside_the_project_is_refused(tmp_path: Path, given: str) -> None:
    with pytest.raises(Refusal, match="is outside the project"):
        inside_project(tmp_path, given)


def test_an_entry_inside_is_taken_relative_or_absolute(tmp_path: Path) -> None:
    assert inside_project(tmp_path, "./app/main.py") == "app/main.py"
    assert inside_project(tmp_path, str(tmp_path / "main.py")) == "main.py"
