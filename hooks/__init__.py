"""What copier runs by path after a copy or an update (standard library only).

Each file here is also importable as `modfirst.hooks.<name>`, so the modfirst command runs the
very code copier runs: src/modfirst/hooks is a link to this folder, and the wheel ships it there.
"""
