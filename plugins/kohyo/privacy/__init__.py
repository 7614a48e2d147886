"""Submitters' personal data never published: keyed fingerprints, matching and the output guard."""
