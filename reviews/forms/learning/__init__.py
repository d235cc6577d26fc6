"""Forms for learning from reviews: plans (themes, learning, recommendations, actions, the
action tracker) and sharing (learning documents, dissemination records)."""
