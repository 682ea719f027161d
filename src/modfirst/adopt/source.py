"""Python source read and written the way Python reads it: the file's own encoding.

PEP 263 and PEP 3120: a UTF-8 byte-order mark, else a coding cookie on line 1 or 2, else
UTF-8 (tokenize.detect_encoding). Text keeps its line endings (no newline translation), so a
rewritten file encodes back to the same bytes everywhere it was not edited.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .refusal import Refusal


@dataclass(frozen=True)
class Format:
    """How a file's text becomes its bytes."""

    encoding: str = "utf-8"  # "utf-8-sig" when the file starts with a byte-order mark

    def encode(self, text: str, name: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as error:
            raise Refusal(
                f"{name}: the rewritten text has {error.object[error.start]!r}, which "
                f"{self.encoding} cannot hold; save the file as UTF-8, then adopt"
            ) from None


def read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise Refusal(
            f"{name} cannot be read (permission denied); `chmod u+r {name}` (or "
            "remove it from the project), then adopt"
        ) from None
    except OSError as error:
        raise Refusal(f"{name} cannot be read ({error.strerror}); fix it, then adopt") from None


def decode(data: bytes, name: str) -> tuple[str, Format]:
    """(text, format) of Python source bytes, as the interpreter would decode them."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "missing encoding declaration" not in str(error.msg):  # a cookie Python refuses
            raise Refusal(
                f"{name}: {error.msg}, so Python cannot read it either; fix the "
                "`# -*- coding: ... -*-` line, then adopt"
            ) from None
        encoding = "utf-8"  # no cookie, and line 1 or 2 is not UTF-8: said below
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise Refusal(f"{name}: {undecodable(data, error, encoding)}") from None
    return text, Format(encoding)


def undecodable(data: bytes, error: UnicodeDecodeError, encoding: str) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    return (
        f"line {line}: byte 0x{data[error.start]:02x} is not {encoding.removesuffix('-sig')}, "
        "and Python would refuse it too; save the file as UTF-8 or declare its encoding with "
        "`# -*- coding: NAME -*-` on line 1, then adopt"
    )


def read_source(path: Path, name: str) -> tuple[str, Format]:
    """A Python file's text and format; a Refusal naming the file when Python could not read
    it either."""
    return decode(read_bytes(path, name), name)


def read_text(path: Path, name: str) -> str:
    """A settings file (pyproject.toml, setup.cfg, requirements.txt): UTF-8, as its tools read
    it; a Refusal naming the file otherwise."""
    data = read_bytes(path, name)
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise Refusal(
            f"{name}: line {line}: byte 0x{data[error.start]:02x} is not UTF-8, which its "
            "tools expect; save it as UTF-8, then adopt"
        ) from None
