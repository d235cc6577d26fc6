"""The pages of a local child safeguarding practice review, one module per part of it."""
