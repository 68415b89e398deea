"""Deployment helpers: several Streamlit replicas behind Debian's nginx (``python -m deploy.replicas``)."""
