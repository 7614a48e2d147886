from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class KohyoConfig(Config):
    # The date the build runs "as of" (YYYY-MM-DD). Unset: SOURCE_DATE_EPOCH, else today.
    build_date = c.Optional(c.Type(str))
    # On `mkdocs serve`, report content problems as warnings instead of stopping.
    strict_on_serve = c.Type(bool, default=False)
