"""One module per output format: a declaration (kohyo.outputs.format.Format) calling the code
that makes the bytes, which stays with its format (pdf/, office/)."""
