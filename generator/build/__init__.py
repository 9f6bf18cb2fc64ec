"""The build: the orchestrator, the atomic output writer and the caches."""
