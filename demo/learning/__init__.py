"""The demo's learning across three years of reviews, and what was done about it."""
