"""Newsroom's caching: tag versions (tags.py), and what is built on them."""
