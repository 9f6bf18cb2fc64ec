"""Galleries as content: `content/galleries/<name>/` with `index.md`, images and per-image sidecars."""
