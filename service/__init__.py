"""councilkg service side: the HTTP service (FastAPI) and the command line. Knows nothing about how
facts are extracted: it calls `graph.pipeline` to build and ingest."""
