"""Synthetic documents: render text the project authored to page images and PDFs."""
