"""Our own text helpers. Someone named this file string.py: what could go wrong?"""


def shout(text: str) -> str:
    return text.upper() + "!"
