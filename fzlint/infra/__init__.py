"""Infrastructure with no knowledge of reports: pack-regex compilation and its safety set.

Nothing here imports the parser, the packs or the checks, so every layer may import it.
"""
