"""Sectorscope: a dashboard for US state sector strategies."""

import warnings

import pandas as pd

# Text in pandas frames stays in plain Python objects, as before pandas 3, not in Arrow-backed "str" columns: the pages
# work on many small frames, where every step on an Arrow column (a lookup, an assignment, a new frame) costs more.
# benchmarks/bench_pandas_text.py runs each page's filter changes with both, in pairs (2026-12-02, demo): every page
# faster with objects, the median pair 1.08-1.21x (Worker outcomes 623 -> 516 ms, Industry 337 -> 249 ms at p50);
# in a second run 0.96-1.44x. The suite passes either way. pandas 3 warns that the option goes in pandas 4: there it
# is skipped and pandas' own default applies (run the benchmark again then).


def text_as_arrow(arrow: bool) -> None:
    """How pandas stores the text of frames made from now on: Arrow-backed "str" (True, pandas 3's default) or Python
    objects (False, what this package sets below). Nothing where pandas no longer has the option."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas 3 warns that the option goes in pandas 4
            pd.set_option("future.infer_string", arrow)
    except pd.errors.OptionError:  # a pandas without the option
        pass


text_as_arrow(False)

__version__ = "0.1.0"
