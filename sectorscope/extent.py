"""Longitude/latitude extents that stay continuous across the antimeridian (Alaska's Aleutians reach 172°E).

Pure numpy, no geometry library: chart builders use it to frame maps, ``geo`` to give each county a GeoJSON bbox,
the server's map pictures (decks, one-pagers, printed pages) to centre their projection on the state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def continuous_span(intervals: np.ndarray) -> tuple[float, float]:
    """(west, east) of the shortest longitude range covering every [west, east] interval (each within -180..180).

    The range is cut at the widest stretch of longitude no interval touches, so a set of shapes on both sides of
    the antimeridian (Alaska's Aleutians at 172°E and 130°W) spans 172..230 (east may exceed 180), not -180..180.
    """
    order = np.argsort(intervals[:, 0], kind="stable")
    merged: list[list[float]] = []
    for west, east in intervals[order]:
        if merged and west <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], float(east))
        else:
            merged.append([float(west), float(east)])
    gaps = [merged[k + 1][0] - merged[k][1] for k in range(len(merged) - 1)]
    wrap_gap = merged[0][0] + 360 - merged[-1][1]
    if not gaps or wrap_gap >= max(gaps):
        return merged[0][0], merged[-1][1]
    k = int(np.argmax(gaps))
    return merged[k + 1][0], merged[k][1] + 360


def bounds_of(bboxes: Sequence[Sequence[float]]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) around GeoJSON bboxes, continuous across the antimeridian (east may exceed
    180, e.g. Alaska: 172.4 .. 230.0); None when there is none."""
    boxes = np.asarray([box for box in bboxes if box is not None and not np.isnan(box).any()], dtype="float64")
    if boxes.size == 0:
        return None
    crossing = boxes[:, 0] > boxes[:, 2]
    intervals = np.concatenate([
        boxes[~crossing][:, [0, 2]],
        np.column_stack([boxes[crossing][:, 0], np.full(crossing.sum(), 180.0)]),
        np.column_stack([np.full(crossing.sum(), -180.0), boxes[crossing][:, 2]]),
    ])
    west, east = continuous_span(intervals)
    return west, float(boxes[:, 1].min()), east, float(boxes[:, 3].max())


def area_projection(boxes: Sequence[Sequence[float]]) -> str:
    """A PROJ string of an equal-area (Albers) projection centred on the shapes whose (west, south, east, north)
    ``boxes`` are given, its standard parallels at a sixth of their latitudes from each edge: north stays up across
    the map. The U.S.-wide Albers (EPSG:5070, centred at 96°W) drew Pennsylvania tilted about 10° in every deck,
    one-pager and printed page (a reviewer)."""
    bounds = bounds_of(boxes)
    if bounds is None:
        return "EPSG:5070"
    west, south, east, north = bounds  # east may pass 180 (Alaska): the centre wrapped back
    centre = ((west + east) / 2 + 180) % 360 - 180
    sixth = (north - south) / 6
    return (f"+proj=aea +lat_0={(south + north) / 2:.4f} +lon_0={centre:.4f} +lat_1={south + sixth:.4f} "
            f"+lat_2={north - sixth:.4f} +datum=NAD83 +units=m +no_defs")
