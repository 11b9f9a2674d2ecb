"""Testing helpers shipped for users: hypothesis strategies for random scenarios."""
