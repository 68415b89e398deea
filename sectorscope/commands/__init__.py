"""Sub-commands of ``python -m sectorscope``: one module each, with ``register(subparsers)`` adding its parser
and setting ``run`` to a function of the parsed arguments that returns an exit code."""
