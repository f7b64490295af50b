"""Matching demand lines to products: features, candidates, scores and their reasons."""
