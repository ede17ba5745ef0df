"""Annotation quality: inter-annotator agreement, adjudication and the corpus report."""
