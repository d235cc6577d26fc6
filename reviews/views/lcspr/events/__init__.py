"""The itinerary, participants, learning events, invitations, attendance and practitioner
feedback: a module per page.

Every page answers a rapid review with 404. The public page a participant answers through
(feedback_link, no account needed) is routed by config.urls.
"""
