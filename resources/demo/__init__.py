"""Demo content for ``manage.py seed_demo``: two sites, their articles, pages, settings and pictures."""
