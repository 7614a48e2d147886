"""Print documents from the site's rendered HTML: assembly, WeasyPrint rendering, checks, cache."""
