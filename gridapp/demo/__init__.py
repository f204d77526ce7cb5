"""Demo data: a synthetic but plausible district so the app can be tried offline."""
