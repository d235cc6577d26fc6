"""Learning, recommendations, action plans and sharing learning."""
