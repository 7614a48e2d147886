"""Thin MkDocs adapters: they translate MkDocs events into calls to kohyo's core."""
