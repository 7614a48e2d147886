"""Editable office outputs: Excel workbooks (and, later, Word documents through pandoc)."""
