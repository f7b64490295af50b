"""Use cases of ExportMatch: functions that take a Session and return plain dataclasses."""

# Importing the package registers the session listeners every unit of work relies on:
# the search index stays in step with the records (the audit trail registers in audit.py).
from desktop_app.core.services import search_index as search_index
