"""modfirst_kit: workshop starter kits from the modfirst template.

    python -m modfirst_kit ROSTER.csv OUT/          one verified project per seat
    python -m modfirst_kit --warm-up               fill the caches once, so kits build offline
    python -m modfirst_kit collect OUT/ [--csv F]  each seat's self-check results, one row each
    python -m modfirst_kit.solutions PROJECT 1 3   apply reference solutions to a project

Keep this file light: `python -m modfirst_kit.<module>` imports it first.
"""
