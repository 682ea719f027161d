"""Workshop kits: a verified project per seat, then collect, update, wheelhouse, solutions.

Each command is a module with add_arguments(parser) and run(args); modfirst.cli puts them in
one tree under `modfirst kit`.
"""
