"""impact stage."""
