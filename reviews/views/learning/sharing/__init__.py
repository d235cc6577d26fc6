"""Sharing a review's learning, one module per page: documents (the 7-minute briefing and the
learning on one page), dissemination (how each organisation shared it) and themes_across (the
partnership's themes counted across reviews, and their export).
"""
