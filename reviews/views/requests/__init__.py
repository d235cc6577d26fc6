"""Requests for information and the agencies' returns: the business team's list and following
up (follow_up), an agency's return (returns), and its chronology and documents (files).
"""
