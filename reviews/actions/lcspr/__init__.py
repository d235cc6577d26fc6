"""LCSPR actions, one module per part of the review."""
