"""The build pipeline: the orchestrator (its STEPS), the atomic output writer and the caches.

Named `pipeline`, not `build`: `build/` is the conventional name for build output, which
.gitignore templates and code-structure tools skip, so a package of that name vanishes from view.
"""
