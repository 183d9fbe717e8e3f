"""Figures in quotes: read out of each quote (`extract`), put in one unit (`units`), and
compared across the appearances of a claim (`compare`)."""

from .extract import Figure, extract_figures

__all__ = ["Figure", "extract_figures"]
