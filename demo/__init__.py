"""The fictional demo partnership, its people and its reviews, built through the real actions.

For `make run` (the `serve_demo` and `seed_demo_data` commands) and the tests that crawl or
look at the demo world. Fictional people, places and events only; nothing here is test code,
and nothing in the domain (reviews/) imports it.
"""
