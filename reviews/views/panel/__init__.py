"""The rapid review and the National Panel: one page showing the report sent, the Panel's
acknowledgement and response, the partners reconvened and the CSPR subgroup informed, with a
form for each that posts to its own address; then the outcome and who was told it.

Everyone taking part in the rapid review (agencies aside) reads these pages; the business
team and the review's business team lead act (Permission.RUN_REVIEW). An LCSPR has none of
them (404). A closed review's Panel and outcome pages are read only; communications can still
be recorded, since the outcome is often communicated after it is recorded.
"""
