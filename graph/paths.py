"""Where the project's data directories live (ontology, queries, sample documents).

The project is installed editable (`pip install -e .`), so these are the checkout's folders.
"""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
QUERIES_DIR = PROJECT_ROOT / "queries"
SAMPLE_DOCUMENTS_DIR = PROJECT_ROOT / "documents"
