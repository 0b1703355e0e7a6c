"""One module per file format, each reading and writing it; importing and exporting dispatch to them."""
