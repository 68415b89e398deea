"""The Streamlit edge: page setup, filters, menu, cached queries, render helpers. Only this subpackage imports
Streamlit."""
