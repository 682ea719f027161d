"""Our own text helpers, under a name the standard library does not use."""


def shout(text: str) -> str:
    return text.upper() + "!"
