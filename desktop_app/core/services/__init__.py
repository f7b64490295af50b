"""Use cases: each takes a SQLAlchemy ``Session`` and returns plain dataclasses."""
