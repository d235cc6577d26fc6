"""Learning from reviews and what is done about it, one module per part."""
