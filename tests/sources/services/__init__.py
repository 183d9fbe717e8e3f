"""Tests of sources.services, one module per family of writes."""
