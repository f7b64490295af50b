"""The ExportMatch domain: ORM models and the plain values the services return."""
