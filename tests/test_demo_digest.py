"""The demo is the same, byte for byte, for the same seed: every generated table's digest against the stored ones.

The stored digests (tests/data/demo_digests.json) were computed from the demo generator before it was split into a
package by table family, so this test proves the split changed no value. When the demo is meant to change, write the
new digests and say why in the commit:

    PYTHONPATH=. python tests/test_demo_digest.py   # rewrites tests/data/demo_digests.json from the current generator
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sectorscope.sources import demo

DIGESTS = Path(__file__).resolve().parent / "data" / "demo_digests.json"
SEED = 2024
SCALES = (1, 2)


def table_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a table's column names, dtypes and every value (pandas' stable row hashes, index included). Text
    counts as Python objects however pandas holds it (``sectorscope/__init__.py`` keeps it so; pandas 3's default is
    Arrow-backed "str"): the digest pins values, not pandas' storage."""
    frame = frame.astype({name: object for name, dtype in frame.dtypes.items() if isinstance(dtype, pd.StringDtype)})
    digest = hashlib.sha256()
    digest.update(json.dumps([[str(name), str(dtype)] for name, dtype in frame.dtypes.items()]).encode())
    # Lists in a cell (unhashable for pandas) are hashed by their full text.
    values = frame.apply(lambda column: column.map(_text_of_list) if column.dtype == object else column)
    digest.update(pd.util.hash_pandas_object(values, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def _text_of_list(value: object) -> object:
    return repr(list(value)) if isinstance(value, list | tuple | np.ndarray) else value


def demo_digests(seed: int, scale: int) -> dict[str, str]:
    """Digest of every table the demo generator makes for ``seed`` at ``scale``, keyed by table name."""
    return {name: table_digest(frame) for name, frame in demo.generate_demo_tables(seed, scale).items()}


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_every_demo_table_is_byte_identical_to_the_stored_digest(scale):
    stored = json.loads(DIGESTS.read_text())[f"seed {SEED}, scale {scale}"]
    made = demo_digests(SEED, scale)
    assert list(made) == list(stored), "the demo makes other tables, or in another order"
    changed = [name for name in made if made[name] != stored[name]]
    assert not changed, f"tables differ from the stored demo: {changed}"


def test_a_changed_value_changes_the_digest():
    frame = pd.DataFrame({"county_fips": ["42071", "42133"], "employment": [1.0, None]})
    assert table_digest(frame) != table_digest(frame.assign(employment=[1.0, 0.0]))  # absent is not zero
    assert table_digest(frame) != table_digest(frame.astype({"employment": "float32"}))
    assert table_digest(frame) == table_digest(frame.copy())
    listed = pd.DataFrame({"county_fips": [["42071", "42133"]]})
    assert table_digest(listed) != table_digest(pd.DataFrame({"county_fips": [["42071"]]}))


if __name__ == "__main__":
    DIGESTS.write_text(json.dumps({f"seed {SEED}, scale {scale}": demo_digests(SEED, scale) for scale in SCALES},
                                  indent=1) + "\n")
    print(f"wrote {DIGESTS}")
