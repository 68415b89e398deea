"""Sectorscope: a dashboard for US state sector strategies."""

__version__ = "0.1.0"
