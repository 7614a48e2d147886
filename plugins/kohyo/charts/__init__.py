"""Charts from CSV files, drawn once and used by the site, the PDFs and Word."""

from .pages import prepare

__all__ = ["prepare"]
