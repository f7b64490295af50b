"""Use cases of ExportMatch: functions that take a Session and return plain dataclasses."""
