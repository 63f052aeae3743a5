"""The dashboard: what a person has to do, gathered from every domain (it sits above them)."""
