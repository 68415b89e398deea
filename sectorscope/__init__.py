"""Sectorscope: a dashboard for US state sector strategies."""

import warnings

import pandas as pd

# Text in pandas frames stays in plain Python objects, as before pandas 3, not in Arrow-backed "str" columns: the pages
# work on many small frames, where every step on an Arrow column (a lookup, an assignment, a new frame) costs more.
# Measured on the demo with benchmarks/bench_pages.py's filter changes, alternated in one sitting: page reruns 15-30%
# faster at p50 (Worker outcomes 681/607 -> 497/504 ms, Overview 317/267 -> 215/247, Industry 380/390 -> 274/309).
# The suite passes either way. pandas 3 warns that the option goes in pandas 4: there it is skipped and pandas' own
# default applies (profile the pages again then).
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.set_option("future.infer_string", False)
except pd.errors.OptionError:  # a pandas without the option
    pass

__version__ = "0.1.0"
