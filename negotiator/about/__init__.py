"""Pages about the system itself (the accessibility statement)."""
