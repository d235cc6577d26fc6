"""Themes, learning, recommendations, action plans and the partnership's action tracker.

The views live in one module per page: themes (the partnership's themes), learning (a review's
learning page and its learning), recommendations, new_action (an action for a recommendation, or
an immediate action), actions (one action's page and what is done on it), evidence (the
documents evidencing an action) and tracker (every action the person may see); common holds what
they share.
"""
