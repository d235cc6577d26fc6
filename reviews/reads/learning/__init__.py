"""Reads of the learning from reviews: the action plans and the sharing of learning."""
