"""Case work: turning a user's action into a checked, enriched, stored event."""
