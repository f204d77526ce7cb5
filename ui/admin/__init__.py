"""Admin screens: users and roles, departments, routing rules, calendar, grid import."""
