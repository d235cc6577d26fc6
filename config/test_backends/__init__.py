"""Database backends for the test suite only: the flush between transactional tests empties the
audit tables past the triggers that refuse every other delete (accounts.append_only_sql).

Production uses Django's own backends, which have no such path.
"""
