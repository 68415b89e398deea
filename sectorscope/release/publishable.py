"""May the public release stored in a database be shown? One rule for the Showcase, its slides and public exports.

A release is computed by a load (``release.build``) and kept until the next load that changes what it rests on. Two
things can make a kept release wrong to show without any load: the deployment's minimum group size k
(``SECTORSCOPE_MIN_CELL``) raised above the k the release was protected with, which would show figures about fewer
people or employers than the deployment promises; and a newer Sectorscope whose release holds other statistics or
protects them differently (``RELEASE_FORMAT``), whose pages would read an older release as if it were its own
(a statistic the older one lacks reads as never published). Either way the release is withheld, not shown, until it
is built again (``python -m sectorscope release build``, the Data page's button, or any load that rebuilds it). A
release built with a larger k than the deployment's is shown: on its own it meets the deployment's rule (every cell
it shows rests on at least its own k, and every small value keeps a margin of at least ceil(k / 2)). It does not
hide every cell a smaller k's release would (a reviewer found 35 count cells of the demo hidden at k = 10 and shown
at k = 11, built each afresh): what keeps two releases from giving away by subtraction what each hid is that a build
keeps hidden what the previous release hid while its value is unchanged (``release.stable``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

# Raise by one whenever what the release holds, or how it is protected, changes: a database's release built before
# is then withheld until it is built again. Not raised for a change in which certificate is chosen only (counts
# equal in every cell priced once, 2026-12-06): a release of the older pricing was proven as safe, and withholding
# it would hide a state's figures for nothing. 9: counts the records nest one within another beyond the data
# model's parts never show a small group beyond the part (cells.nested_pairs, 2026-12-07, a privacy reviewer: 3
# completers who did not answer the poverty questions read off a one-pager's 31 completers and 28 who answered, in 45
# cells of the demo's release). 8: a year's employer responses are at most those of the partnerships
# active then (suppression.answering_year_caps, 2026-12-06, a privacy engineer's joint table: a year's answers were
# read too tightly). 7: the partnerships' public dates are relations to the certificates and
# the attacker (suppression.date_bounds, 2026-12-06, a privacy reviewer: a proof could move a partnership's cells that
# its dates tell are 0). 6: a cell the previous release hid stays hidden while its true value is
# unchanged, those values kept for the next build in release_hidden_values (2026-12-05, a privacy reviewer: two builds
# from the same people, at k = 10 and 11, hid different cells and their difference gave counts of 8 and 9 people);
# a release of another format kept no values, so its hidden cells are all kept once; and the hidden parts of a
# relation whose total is hidden are held together to the rule too (another relation may give the total away), and
# counts of who answered equal in every cell are one number to the certificates (cells.equal_counts).
# 5: employer figures for the whole period only (a year's beside the whole period's gave away re-surveyed employers'
# earlier answers), and a group of hidden employer cells held to k distinct employers, not answers (2026-12-04, a
# privacy reviewer); 4: the years run from the registry's first start to the build's year (release_years), not over
# the years holding an exit or survey answer (2026-12-04, a privacy reviewer); 3: a partnership listed by its region
# alone counts in its region's counties (partnership_served_counties, 2026-12-04); 2: statistics with nothing to
# count them from are left out (2026-12-02); 1 (never stored): every release before the format was recorded.
RELEASE_FORMAT = 9
# The first format that kept the true values of its hidden cells (release_hidden_values): a rebuild keeps hidden only
# those of its cells whose value is unchanged; of a release of an earlier format, every cell it hid.
FIRST_FORMAT_WITH_VALUES = 6
FORMAT_KEY = "release_format"  # its ``schema_meta`` key, written by ``release.build.build_release``
ANSWERS_KEY = "release_answers"  # the groups of answers held when it was built (``queries/release_answers.sql``)


@dataclass(frozen=True)
class StoredRelease:
    """What a database says about its public release: its rows (0 when there is none), the k values its cells were
    protected with and the format it was built in (None: before formats were recorded)."""

    rows: int
    built_with: frozenset[int]
    release_format: int | None


def stored_release(read: Callable[[str], pd.DataFrame]) -> StoredRelease:
    """The stored release of the database ``read`` reads from (``read(name)`` runs ``queries/<name>.sql``)."""
    status = read("release_status").iloc[0]
    rows = int(status["release_rows"]) if bool(status["has_release"]) else 0
    built_with = frozenset(int(k) for k in read("release_built_with")["min_cell"]) if rows else frozenset()
    stored_format = read("release_format")["release_format"].iloc[0]
    return StoredRelease(rows, built_with, None if pd.isna(stored_format) else int(stored_format))


def withheld_because(release: StoredRelease, k: int) -> str | None:
    """Why the stored release must not be shown to the public of a deployment with minimum group size ``k`` (a
    sentence that completes "The public figures are not shown: ..."), or None when it may be (or when there is no
    release: that is "not published yet", said elsewhere)."""
    if release.rows == 0:
        return None
    if release.release_format != RELEASE_FORMAT:
        return "they were prepared by an older version of Sectorscope and must be prepared again"
    if min(release.built_with, default=k) < k:
        return (f"they were prepared to hide groups of fewer than {min(release.built_with)} people or employers, "
                f"and this site hides groups of fewer than {k}; they must be prepared again")
    return None


def is_publishable(release: StoredRelease, k: int) -> bool:
    """Is there a release with figures, and may it be shown (``withheld_because``)?"""
    return release.rows > 0 and withheld_because(release, k) is None
