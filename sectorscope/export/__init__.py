"""Take-away files of a view or a partnership: the report's content (``content``), a PowerPoint deck (``deck``), a
one-page PDF (``onepager``) and the county map drawn without a browser (``mapimage``). No Streamlit here."""
