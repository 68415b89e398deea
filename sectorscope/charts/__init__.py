"""Chart builders: DataFrame in, Plotly figure out; no Streamlit, no database. One module per kind of chart,
all drawn in the palette of ``style``."""
