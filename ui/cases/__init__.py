"""The case list: table model, filter bar, list view and work-queue panel."""
