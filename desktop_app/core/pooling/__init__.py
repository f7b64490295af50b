"""Pooled offers: several small suppliers together meeting one buyer's quantity."""
