"""The README's worked example, run exactly as written: build, load the illustrative RDF Data Cube
dataset, join it with the graph in one SPARQL query, unload, load the same data as CSV through its
mapping, join again. The expected rows come from the gold facts (distinct inspection events per
council) and from the example's own CSV (the council's figure), not from a previous run."""
from __future__ import annotations

import csv
import re
import shlex
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.settings import settings
from tests.conftest import PROJECT_ROOT, run_cli
from tests.integration.gold import inspection_events, reference_council

README = PROJECT_ROOT / "README.md"
EXAMPLES = PROJECT_ROOT / "examples"
GRAPH = "https://example.org/illustrative/graph/social-services-spend"


def readme_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Open-government data"):]
    block = re.search(r"<!-- worked-example:[^>]*-->\s*```sh\n(.*?)```", section, re.S)
    assert block, "the worked example's command block is missing from README"
    return [shlex.split(line)[1:] for line in block.group(1).splitlines() if line.startswith("councilkg ")]


def table_rows(stdout: str) -> list[tuple[str, ...]]:
    lines = [line for line in stdout.splitlines() if "|" in line]
    return [tuple(c.strip() for c in line.split("|")) for line in lines[1:]]


def expected_rows() -> set[tuple[str, str, int, Decimal]]:
    """(council, GSS code, distinct inspection events in the gold, the example CSV's figure)."""
    with (EXAMPLES / "social-services-spend-illustrative.csv").open(encoding="utf-8", newline="") as f:
        spend = {r["area_code"]: Decimal(r["spend_per_head_gbp"]) for r in csv.DictReader(f)}
    rows = set()
    for council, events in inspection_events().items():
        gss = reference_council(council)["gss_code"]
        rows.add((council, gss, len(events), spend[gss]))
    return rows


def test_gold_gives_five_powys_events_and_one_bridgend() -> None:
    assert {(r[0], r[2]) for r in expected_rows()} == {("Powys County Council", 5),
                                                       ("Bridgend County Borough Council", 1)}


def test_the_readme_commands_join_the_dataset_with_the_graph(store_copy: Path) -> None:
    if settings().base_uri != "http://localhost:8000/":
        pytest.skip("the README's query uses the default base URI's ckg: prefix")
    commands = readme_commands()
    assert [c[0] for c in commands] == ["build", "load", "query", "unload", "load", "query"]
    outputs = []
    for args in commands:
        result = run_cli(*args, store=store_copy, env={"COUNCILKG_BASE_URI": "http://localhost:8000/"})
        assert result.returncode == 0, f"councilkg {' '.join(args)}: {result.stderr}"
        outputs.append(result.stdout)
    assert outputs[1].strip() == f"loaded 148 triples from social-services-spend-illustrative.ttl into {GRAPH}"
    expected = expected_rows()
    for out in (outputs[2], outputs[5]):
        rows = {(c, g, int(n), Decimal(v)) for c, g, n, v in table_rows(out)}
        assert rows == expected
        assert out.strip().endswith(f"({len(expected)} rows)")
    assert outputs[4].strip() == f"loaded 148 triples from social-services-spend-illustrative.csv into {GRAPH}"


def test_the_csv_and_its_mapping_give_the_turtle_files_graph(tmp_path: Path) -> None:
    from graph.csv_mapping import csv_triples, read_mapping

    mapping = read_mapping(EXAMPLES / "social-services-spend-illustrative.mapping.yaml")
    triples = csv_triples((EXAMPLES / "social-services-spend-illustrative.csv").read_text(encoding="utf-8"),
                          mapping, GRAPH)
    from_csv = Graph().parse(data="\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples),
                             format="nt")
    from_ttl = Graph().parse(EXAMPLES / "social-services-spend-illustrative.ttl", format="turtle")
    assert isomorphic(from_csv, from_ttl)


def test_the_example_is_labelled_illustrative_in_the_data() -> None:
    g = Graph().parse(EXAMPLES / "social-services-spend-illustrative.ttl", format="turtle")
    q = """PREFIX qb: <http://purl.org/linked-data/cube#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?comment ?description (COUNT(?obs) AS ?n) WHERE {
      ?ds a qb:DataSet ; rdfs:comment ?comment ; dcterms:description ?description .
      ?obs a qb:Observation ; qb:dataSet ?ds } GROUP BY ?comment ?description"""
    [row] = list(g.query(q))
    assert "ILLUSTRATIVE FIGURES, NOT REAL STATISTICS" in str(row[0])
    assert "ILLUSTRATIVE FIGURES, NOT REAL STATISTICS" in str(row[1])
    assert int(row[2]) == 22
