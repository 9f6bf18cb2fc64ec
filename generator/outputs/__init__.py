"""Generated files that are not pages, one module each exposing `write(site, writer)`.

Adding an output is adding a module here; the build runs them all after pages render.
"""
