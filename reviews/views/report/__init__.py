"""The rapid review report: its versions, comparing two, and the approval chain.

Everyone with a part in the review but the agencies reads the page and downloads any version
(VIEW_DOCUMENTS), as a copy carrying the sign-offs recorded against that version by then; the
business team generates and uploads versions (RUN_REVIEW); the chairs and statutory partner
leads approve or send back, each in the parts ``approval_roles`` gives them.
"""
