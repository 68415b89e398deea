"""One palette and typography for every chart."""

from __future__ import annotations

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
CATEGORY_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
                   "#999999", "#882255", "#44AA99", "#117733")
SEQUENTIAL = "Blues"
EMPTY_FILL = "#eeeeee"
FONT = {"family": "Source Sans Pro, sans-serif", "size": 13}
