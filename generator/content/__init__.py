"""Content: front matter, dates, slugs and permalinks, the Page model, and loading `content/`."""
