"""Charts from CSV files, drawn once and used by the site, the PDFs and Word."""

from .pages import Drawer

__all__ = ["Drawer"]
