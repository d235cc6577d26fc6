"""The partners' decisions (working day 9) and the decision meeting (working day 11).

Every read of a partner's decision goes through permissions.decisions_visible_to (the blind
rule): a partner lead sees the others' only once their own is recorded or working day 9 has
passed. Only a partner's own lead records its decision; the business team records the
meeting. These pages belong to a rapid review: an LCSPR answers 404. A module per page.
"""
