"""Working day 1 of a rapid review: the period under review, the timeline, the requests for
information, further agencies and the invitation to the working day 11 decision meeting.

Everyone who may view the review reads the period, the timeline and the meeting; only the
business team (and the review's business team lead) act (Permission.MANAGE_REQUESTS).
"""
