"""Sub-commands of ``python -m sectorscope``: one module each, with ``register(subparsers)`` adding its parser
and setting ``run`` to a function of the parsed arguments that returns an exit code."""

# A load that waited past SECTORSCOPE_LOAD_WAIT_SECONDS for another: retry later (1 means: fix the files)
BUSY_EXIT = 5


def rejection_exit(error: Exception) -> int:
    """The exit code of a load refused with ``error``: ``BUSY_EXIT`` where another load held the database too long,
    else 1 (the files were refused)."""
    from sectorscope.ingest.load import LoadBusy

    return BUSY_EXIT if isinstance(error, LoadBusy) else 1
