"""Small render helpers shared by pages: headline cards, downloads, empty states."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from sectorscope.headlines import Headline


def render_headlines(headlines: Sequence[Headline], columns: int = 4) -> None:
    """Headline cards in rows: the value, what it rests on, and the published reference with its source."""
    for start in range(0, len(headlines), columns):
        row = st.columns(columns)
        for column, headline in zip(row, headlines[start:start + columns], strict=False):
            with column.container(border=True):
                st.metric(headline.label, headline.value, delta=headline.delta, delta_color=headline.delta_color,
                          help=headline.definition)
                st.caption(headline.basis)
                if headline.reference is not None:
                    st.caption(f"Published: {headline.reference.text}  \n*Source: {headline.reference.source}*")


def render_download(frame: pd.DataFrame, file_name: str, label: str = "Download CSV") -> None:
    """A CSV download button for a table shown on the page."""
    st.download_button(label, frame.to_csv(index=False).encode("utf-8"), file_name=file_name, mime="text/csv",
                       icon=":material/download:", key=f"download-{file_name}")


def stop_if_empty(frame: pd.DataFrame, message: str) -> None:
    """End the page with a friendly note when the selection has no rows."""
    if frame.empty:
        st.info(message, icon=":material/filter_alt_off:")
        st.stop()
