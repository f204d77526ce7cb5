"""Case detail: the case with its timeline and photos, and the action dialogs."""
