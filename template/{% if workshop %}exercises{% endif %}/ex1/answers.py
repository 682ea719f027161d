"""Exercise 1: fill in both answers, then, from the project root, run
`python -m exercises.check 1`.
"""

# The last line of the error you get when you run the subpackage's __main__.py as a file.
ERROR = ""

# The command that runs the same code as a module (with -m), and works.
COMMAND = ""
