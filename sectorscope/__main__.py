"""``python -m sectorscope ...``: the command line."""

import sys

from sectorscope.cli import main

sys.exit(main())
