"""Duplicate detection: fingerprints (exact hash, MinHash, LSH bands), the original-outlet
policy, and the index tables and queries in the database."""
