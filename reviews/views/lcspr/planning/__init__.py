"""Starting an LCSPR, its terms of reference, the independent author and the introduction
meeting: a module per page.

Everyone taking part in the LCSPR (agencies aside) reads these pages. The business team
records an LCSPR and shares and records the terms; the business team, the review's business
team lead and the independent author draft the terms and record the introduction meeting;
review panel members and partner leads agree the terms. A rapid review has none of these
pages (404).
"""
