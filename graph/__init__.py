"""councilkg graph side: documents -> facts -> validated RDF -> store. Knows nothing about HTTP."""
