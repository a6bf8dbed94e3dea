"""Benchmarks that print figures; they are not tests and never run under pytest."""
