"""Reliability: many people writing into one workspace at once, and writers that crash."""
