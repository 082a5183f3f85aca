"""statutes stage."""
