"""Family engagement, the regulation 14 monitoring log, the media strategy and publication of
an LCSPR, and the partnership's report of late publications.

Every review page answers a rapid review with 404.
"""
