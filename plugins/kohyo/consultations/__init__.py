"""The public-comment tracker: consultations, opinions, intake, results, privacy guard."""
