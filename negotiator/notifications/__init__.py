"""Notifications: in-app list, mail through the closed network's relay, and the outbox between."""
