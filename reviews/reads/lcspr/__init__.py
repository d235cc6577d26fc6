"""Reads of an LCSPR, one module per part: planning, events, drafts and publication."""
