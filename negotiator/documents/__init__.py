"""Documents (資料): files attached to an agenda item, one of its revisions or a meeting, stored
in the database (content once per SHA-256) so that a backup and every app server see them."""
