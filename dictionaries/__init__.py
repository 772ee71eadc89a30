"""Derived language resources (syllable inventory, lexicons, n-gram model) and their build script."""
