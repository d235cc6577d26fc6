"""The author's drafts, comments on them, the final draft, sign-off and the anonymisation check:
a module per page.

Everyone taking part in the LCSPR but the agencies reads the drafts and the sign-off page and
downloads any version (VIEW_REVIEW). The author and the business team upload versions, answer
comments and record the draft presented (AUTHOR_WORK); the review panel, partner leads, chairs
and legal comment (COMMENT_ON_DRAFTS); the business team records the panel's agreement of the
final draft (RUN_REVIEW). People sign off for the organisations they speak for; the business
team records a sign-off on an organisation's behalf. The anonymisation check shows real
identifiers, so only the business team runs it (VIEW_IDENTITY), and each run is logged.
"""
