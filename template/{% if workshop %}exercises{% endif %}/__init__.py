"""Workshop exercises. Check your work as a module, from the project root:
`python -m exercises.check`.
"""
