from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class KohyoConfig(Config):
    # The date the build runs "as of" (YYYY-MM-DD). Unset: SOURCE_DATE_EPOCH, else today.
    build_date = c.Optional(c.Type(str))
    # The organisation named on PDF covers and colophons, when the project has no sites.yml
    # (with sites.yml, each site's publisher: kohyo.sites).
    organisation = c.Type(str, default="")
    # Which site of sites.yml this build makes (kohyo build sets it for each; unset: the first).
    site = c.Optional(c.Type(str))
    # PDFs: made on every build; on `serve` only when asked, so previews stay fast.
    pdf = c.Type(bool, default=True)
    pdf_on_serve = c.Type(bool, default=False)
    # Word files of publications with `word: true` (made with the PDFs).
    word = c.Type(bool, default=True)
    # Rendered PDFs are kept here by content hash; print-shop PDFs go to print_dir (not published).
    cache_dir = c.Type(str, default="build/.cache")
    print_dir = c.Optional(c.Type(str))
    # Submitters' private data (kohyo consult import); the privacy guard checks every output against it.
    private_dir = c.Type(str, default="private")
    # Worker processes for PDF rendering; 0 means one per core.
    workers = c.Type(int, default=0)
