"""Exercise 2: the string.py trap."""
