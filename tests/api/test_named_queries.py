"""Named queries: header checks at start-up, typed parameter binding that no value can break out
of (proved for every parameter type, on Oxigraph and on rdflib's SPARQL parser), and the CLI form."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery

from graph.errors import ConfigError, NotFound
from graph.named_queries import (
    TYPES,
    ParameterError,
    load_named_queries,
    named_queries,
    run_named,
)
from graph.store.embedded import EmbeddedStore
from graph.uris import entity
from tests.conftest import run_cli

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ECHO = """# summary: Every parameter type, echoed back as one row
# param: s | string | optional | a string
# param: i | iri | optional | an IRI
# param: e | entity | optional | an entity
# param: d | date | optional | a date
# param: n | integer | optional | an integer
# param: x | decimal | optional | a decimal
# param: b | boolean | optional | a boolean
# column: s | string | the string
# column: i | iri | the IRI
# column: e | iri | the entity
# column: d | date | the date
# column: n | integer | the integer
# column: x | decimal | the decimal
# column: b | boolean | the boolean
SELECT ?s ?i ?e ?d ?n ?x ?b WHERE {
  # a comment with a brace { and the word WHERE {
  BIND("}" AS ?unused)
}
"""
PARAM_OF_TYPE = {"string": "s", "iri": "i", "entity": "e", "date": "d", "integer": "n", "decimal": "x",
                 "boolean": "b"}
BENIGN = {"string": "plain", "iri": "https://example.org/a", "entity": "council/example-council",
          "date": "2019-01-01", "integer": "7", "decimal": "2.5", "boolean": "true"}
EVIL = ['x" } ; DROP ALL ; #', "<http://evil>", "\\u0022", "x' } UNION { ?s ?p ?o } #",
        '"""', "\\", "a\nb } #", "http://ok.example/} ; DROP ALL", "2019-01-01\" }", "1 } #", "true) } #"]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def echo(tmp_path: Path):
    write(tmp_path, "echo", ECHO)
    return load_named_queries(tmp_path)["echo"]


def values_of(query_text: str) -> list[dict]:
    """The VALUES rows of a query as rdflib's SPARQL parser reads them (an independent parser)."""
    found: list = []

    def visit(node):  # noqa: ANN001, ANN202
        if getattr(node, "name", None) == "values":
            found.extend(node["res"])
    traverse(translateQuery(parseQuery(query_text)).algebra, visit)
    return found


def shape(query_text: str) -> str:
    """The algebra of a query with its VALUES data left out: what the query does, not with what."""
    algebra = translateQuery(parseQuery(query_text)).algebra

    def blank(node):  # noqa: ANN001, ANN202
        if getattr(node, "name", None) == "values":
            node["res"] = "<bound>"
    traverse(algebra, visitPost=blank)
    return repr(algebra)


# ---------------------------------------------------------------- loading and start-up checks
def test_project_queries_load_with_headers() -> None:
    queries = named_queries()
    for name in ("contradictions", "post_holders", "facts_documents"):
        assert name in queries
    for q in queries.values():
        assert q.summary, q.name
        assert q.columns, f"{q.name} declares no columns"


@pytest.mark.parametrize(("text", "message"), [
    ("# summary: x\nSELECT ?a WHERE { ?a ?b }\n", "does not parse: error at"),
    ("# summry: x\nSELECT ?a WHERE { ?a ?b ?c }\n", "unknown header line 'summry:'"),
    ("SELECT ?a WHERE { ?a ?b ?c }\n", "needs a '# summary: ...' line"),
    ("# summary: x\n# param: a | colour | required | no such type\nSELECT ?a WHERE { ?a ?b ?c }\n",
     "has type 'colour'"),
    ("# summary: x\n# param: a | string | sometimes | bad presence\nSELECT ?a WHERE { ?a ?b ?c }\n",
     "say required, optional or default=VALUE"),
    ("# summary: x\n# param: a | date | default=soon | bad default\nSELECT ?a WHERE { ?a ?b ?c }\n",
     "default of 'a'"),
    ("# summary: x\n# param: z | string | required | unused\nSELECT ?a WHERE { ?a ?b ?c }\n",
     "'z' is not used as ?z"),
    ("# summary: x\n# column: b | iri | not the SELECT's\nSELECT ?a WHERE { ?a ?b ?c }\n",
     "header columns ['b'] differ from the SELECT variables ['a']"),
    ("# summary: x\nASK { ?a ?b ?c }\n", "must be a SELECT query"),
])
def test_broken_file_fails_loading_with_file_and_message(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "good", "# summary: fine\nSELECT ?a WHERE { ?a ?b ?c }\n")
    path = write(tmp_path, "broken", text)
    with pytest.raises(ConfigError) as e:
        load_named_queries(tmp_path)
    assert str(path) in str(e.value)
    assert message in str(e.value)


CONDITIONAL = """# summary: Things, of one owner when given
# param: owner | iri | optional | the owner
# column: thing | iri | a thing
PREFIX ex: <https://example.org/>
SELECT ?thing WHERE {
  ?thing ex:owner ?owner .  # if: owner
  ?thing a ex:Thing .
  OPTIONAL { ?thing ex:owner ?o }
  FILTER(!BOUND(?owner) || ?o = ?owner)
}
"""


def _things(query_text: str) -> set[str]:
    """The things a query finds in a store of three: a (owner o1), b (owner o2), c (no owner)."""
    import pyoxigraph as ox

    ex = "https://example.org/"
    store = ox.Store()
    for thing, owner in (("a", "o1"), ("b", "o2"), ("c", None)):
        store.add(ox.Quad(ox.NamedNode(ex + thing), ox.NamedNode(RDF_TYPE), ox.NamedNode(ex + "Thing")))
        if owner:
            store.add(ox.Quad(ox.NamedNode(ex + thing), ox.NamedNode(ex + "owner"), ox.NamedNode(ex + owner)))
    return {r["thing"].value.rsplit("/", 1)[1] for r in store.query(query_text)}


def test_conditional_line_is_in_the_query_only_when_its_parameter_is_given(tmp_path: Path) -> None:
    write(tmp_path, "things", CONDITIONAL)
    q = load_named_queries(tmp_path)["things"]
    with_owner = q.bind({"owner": "https://example.org/o1"})
    without = q.bind({})
    assert "?thing ex:owner ?owner" in with_owner
    assert "?thing ex:owner ?owner" not in without
    assert with_owner.count("\n") == without.count("\n")  # blanked, not removed: parser lines stay the file's
    assert _things(with_owner) == {"a"}
    assert _things(without) == {"a", "b", "c"}  # the thing without an owner is kept


@pytest.mark.parametrize(("line", "message"), [
    ("  ?thing ex:owner ?owner .  # if: colour\n", "line 6: the condition names colour"),
    ("  ?thing ex:owner ?owner .  # if: owner, size\n", "the condition names size"),
])
def test_condition_on_an_unknown_parameter_fails_loading(tmp_path: Path, line: str, message: str) -> None:
    text = CONDITIONAL.replace("  ?thing ex:owner ?owner .  # if: owner\n", line)
    path = write(tmp_path, "things", text)
    with pytest.raises(ConfigError) as e:
        load_named_queries(tmp_path)
    assert str(path) in str(e.value) and message in str(e.value)


def test_condition_on_a_parameter_that_always_has_a_value_fails_loading(tmp_path: Path) -> None:
    text = CONDITIONAL.replace("| optional |", "| required |")
    write(tmp_path, "things", text)
    with pytest.raises(ConfigError, match="always has a value"):
        load_named_queries(tmp_path)


def test_each_variant_of_a_conditional_query_is_checked_at_start_up(tmp_path: Path) -> None:
    # the line kept only without an owner opens a parenthesis it never closes: only that variant is broken
    text = CONDITIONAL.replace("  ?thing a ex:Thing .\n", "  ?thing a ex:Thing .\n  FILTER(  # unless: owner\n")
    path = write(tmp_path, "things", text)
    with pytest.raises(ConfigError) as e:
        load_named_queries(tmp_path)
    assert str(path) in str(e.value) and "with its optional parameters not given" in str(e.value)


LATERAL_QUERY = """# summary: Things with their owner's name when they have one
# column: thing | iri | a thing
# column: name | string | its owner's name
PREFIX ex: <https://example.org/>
SELECT ?thing ?name WHERE {
  ?thing a ex:Thing .
  LATERAL { OPTIONAL { ?thing ex:owner ?o . ?o ex:name ?name } }  # "LATERAL {" in a comment stays
  BIND("LATERAL { }" AS ?unused)
}
"""


def test_lateral_optional_is_written_as_a_plain_optional_for_engines_without_it(tmp_path: Path) -> None:
    import pyoxigraph as ox

    write(tmp_path, "owners", LATERAL_QUERY)
    q = load_named_queries(tmp_path)["owners"]
    with_lateral, without = q.bind({}), q.bind({}, lateral=False)
    assert "LATERAL { OPTIONAL" in with_lateral
    assert "LATERAL" not in without.split("SELECT", 1)[1].split("#", 1)[0]
    assert '"LATERAL { }"' in without and '# "LATERAL {" in a comment stays' in without
    parseQuery(without)  # rdflib, which has no LATERAL, reads it
    ex = "https://example.org/"
    store = ox.Store()
    for thing, owner, name in (("a", "o1", "Ann"), ("b", None, None), ("c", "o2", None)):
        store.add(ox.Quad(ox.NamedNode(ex + thing), ox.NamedNode(RDF_TYPE), ox.NamedNode(ex + "Thing")))
        if owner:
            store.add(ox.Quad(ox.NamedNode(ex + thing), ox.NamedNode(ex + "owner"), ox.NamedNode(ex + owner)))
        if name:
            store.add(ox.Quad(ox.NamedNode(ex + owner), ox.NamedNode(ex + "name"), ox.Literal(name)))

    def rows(text: str) -> set[tuple[str, str | None]]:
        return {(r["thing"].value, r["name"].value if r["name"] else None) for r in store.query(text)}
    assert rows(with_lateral) == rows(without) == {(ex + "a", "Ann"), (ex + "b", None), (ex + "c", None)}


@pytest.mark.parametrize("group", ["LATERAL { ?thing ex:owner ?o }",
                                   "LATERAL { OPTIONAL { ?thing ex:owner ?o } ?o ex:name ?n }",
                                   "LATERAL { OPTIONAL { ?thing ex:owner ?o } OPTIONAL { ?o ex:name ?n } }"])
def test_lateral_group_other_than_one_optional_fails_loading(tmp_path: Path, group: str) -> None:
    text = LATERAL_QUERY.replace("LATERAL { OPTIONAL { ?thing ex:owner ?o . ?o ex:name ?name } }", group)
    path = write(tmp_path, "owners", text)
    with pytest.raises(ConfigError) as e:
        load_named_queries(tmp_path)
    assert str(path) in str(e.value) and "must hold one OPTIONAL" in str(e.value)


def test_project_queries_run_on_an_engine_without_lateral() -> None:
    from rdflib import Dataset

    for q in named_queries().values():
        text = q.bind({p.name: p.example for p in q.parameters}, lateral=False)
        Dataset().query(text)  # rdflib's own engine (no LATERAL) parses and runs every named query


def test_description_continues_on_indented_lines(tmp_path: Path) -> None:
    write(tmp_path, "q", "# summary: s\n# description: one\n#   two\n# param: a | integer | default=3 | the a\n"
                         "SELECT ?a WHERE { ?x ?y ?a }\n")
    q = load_named_queries(tmp_path)["q"]
    assert q.description == "one two"
    assert (q.parameters[0].name, q.parameters[0].type, q.parameters[0].default) == ("a", "integer", "3")


# ---------------------------------------------------------------- binding: typed, validated
def run_echo(echo, values: dict[str, str]) -> dict:  # noqa: ANN001
    rows = run_named_on(EmbeddedStore(None), echo, values)
    assert len(rows) == 1
    return rows[0]


def run_named_on(store: EmbeddedStore, query, values: dict[str, str]) -> list[dict]:  # noqa: ANN001
    result = store.query(query.bind(values))
    return result.rows


def test_each_type_binds_a_typed_term(echo) -> None:  # noqa: ANN001
    row = run_echo(echo, {"s": "Ann's \"café\"", "i": "https://example.org/x", "e": "council/example-council",
                          "d": "2018-10", "n": "-12", "x": "1.50", "b": "yes"})
    assert row["s"] == Literal("Ann's \"café\"")
    assert row["i"] == URIRef("https://example.org/x")
    assert row["e"] == URIRef(entity("council/example-council"))
    assert row["d"] == Literal("2018-10", datatype=URIRef(XSD + "gYearMonth"))
    assert row["n"] == Literal("-12", datatype=URIRef(XSD + "integer"))
    assert row["x"].datatype == URIRef(XSD + "decimal") and str(row["x"]) == "1.5"
    assert row["b"] == Literal("true", datatype=URIRef(XSD + "boolean"))
    assert run_echo(echo, {"d": "2019"})["d"].datatype == URIRef(XSD + "gYear")
    assert run_echo(echo, {"d": "2019-01-31"})["d"].datatype == URIRef(XSD + "date")
    assert run_echo(echo, {"e": "https://example.org/y"})["e"] == URIRef("https://example.org/y")
    assert set(run_echo(echo, {})) == set()  # optional parameters stay unbound


@pytest.mark.parametrize(("name", "value", "message"), [
    ("d", "2019-02-30", "parameter 'd' must be a real calendar date"),
    ("d", "16/07/2019", "parameter 'd' must be a date YYYY, YYYY-MM or YYYY-MM-DD, e.g. d=2019-07-16"),
    ("n", "1.5", "parameter 'n' must be a whole number, e.g. n=10"),
    ("x", "1e5", "parameter 'x' must be a decimal number"),
    ("b", "maybe", "parameter 'b' must be true or false"),
    ("i", "not an iri", "parameter 'i' must be an absolute IRI"),
    ("e", "Powys", "parameter 'e' must be an entity IRI or a key"),
    ("zz", "1", "has no parameter zz"),
])
def test_bad_values_are_refused_naming_the_parameter(echo, name: str, value: str, message: str) -> None:  # noqa: ANN001
    with pytest.raises(ParameterError) as e:
        echo.bind({name: value})
    assert message in str(e.value)
    assert e.value.http_status == 422


def test_required_parameter_missing(tmp_path: Path) -> None:
    write(tmp_path, "q", "# summary: s\n# param: on | date | required | the day\nSELECT ?on WHERE { }\n")
    with pytest.raises(ParameterError, match="'on' of query 'q' is required: give a date, e.g. on=2019-07-16"):
        load_named_queries(tmp_path)["q"].bind({})


# ---------------------------------------------------------------- injection: every type
@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("value", EVIL)
def test_injection_cannot_change_the_query(echo, kind: str, value: str) -> None:  # noqa: ANN001
    """Each hostile value is either refused, or bound as one term of the parameter's type: the
    query keeps its algebra (rdflib's parser) and returns one row holding exactly the value (Oxigraph)."""
    name = PARAM_OF_TYPE[kind]
    benign = echo.bind({name: BENIGN[kind]})
    try:
        bound = echo.bind({name: value})
    except ParameterError:
        assert kind != "string" or "\\u" in value
        return
    assert kind == "string", f"{value!r} was accepted as a {kind}"
    assert shape(bound) == shape(benign)
    (row,) = values_of(bound)
    assert row == {**{v: "UNDEF" for v in row}, Variable(name): Literal(value)}
    assert run_echo(echo, {name: value}) == {"s": Literal(value)}


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1).filter(lambda t: "\\u" not in t and "\\U" not in t))
def test_any_string_round_trips_on_both_parsers(value: str) -> None:
    # built inline (no fixture: hypothesis runs the body many times)
    from graph.named_queries import NamedQuery, Parameter

    q = NamedQuery("echo", Path("echo.rq"), "s", "", (Parameter("s", "string"),), (),
                   "SELECT ?s WHERE { }\n")
    text = q.bind({"s": value})
    assert [r["s"] for r in EmbeddedStore(None).query(text).rows] == [Literal(value)]
    assert [row[0] for row in Graph().query(text)] == [Literal(value)]


def test_injection_on_the_real_store_finds_nothing_and_changes_nothing(store_copy: Path) -> None:
    store = EmbeddedStore(store_copy)
    try:
        before = (store.version(), len(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows))
        for value in EVIL[:4]:
            result = run_named(store, "post_holders", {"role": value, "on": "2019-01-01"}) \
                if "\\u" not in value else None
            assert result is None or result.rows == []
        with pytest.raises(ParameterError):
            run_named(store, "post_holders", {"role": "Director", "on": 'x" } ; DROP ALL ; #'})
        after = (store.version(), len(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows))
        assert after == before
    finally:
        store.close()


def test_unknown_named_query() -> None:
    with pytest.raises(NotFound, match="no named query 'nope'"):
        run_named(EmbeddedStore(None), "nope", {})


# ---------------------------------------------------------------- the CLI form
def test_cli_named_query(store_copy: Path) -> None:
    result = run_cli("query", "--named", "post_holders", "--param", "role=Director of Social Services",
                     "--param", "on=2019-01-01", "--format", "json", store=store_copy)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert {r["name"]["value"] for r in rows} == {"Alison Bulman"}
    assert sorted(r["source"]["value"] for r in rows) == [
        "000_993c7b51447cae79.txt", "002_3b2d5d76324c1fd6.txt", "003_0cc1316b136c4f95.txt"]


def test_cli_named_query_bad_parameter(store_copy: Path) -> None:
    result = run_cli("query", "--named", "post_holders", "--param", "role=Director", "--param", "on=yesterday",
                     store=store_copy)
    assert result.returncode == 2
    assert "parameter 'on' must be a date YYYY, YYYY-MM or YYYY-MM-DD" in result.stderr


# ---------------------------------------------------------------- start-up of the service
def test_service_does_not_start_with_a_broken_query_file(tmp_path: Path) -> None:
    """The router makes its routes from the query files when the app is created: a broken file stops it."""
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    write(tmp_path, "broken", "# summary: x\nSELECT ?a WHERE { ?a ?b }\n")
    code = ("import sys; from pathlib import Path; import graph.named_queries as nq; "
            f"nq.QUERIES_DIR = Path({str(tmp_path)!r}); from service.app import create_app; create_app()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert result.returncode != 0
    assert "ConfigError" in result.stderr and str(tmp_path / "broken.rq") in result.stderr
    assert "does not parse: error at" in result.stderr


# ---------------------------------------------------------------- over HTTP (real server)
import httpx  # noqa: E402
from rdflib import BNode  # noqa: E402


def get(server, path: str, **params: str) -> httpx.Response:  # noqa: ANN001
    return httpx.get(server.url + path, params=params, timeout=60)


def test_list_of_named_queries(live_server) -> None:  # noqa: ANN001
    body = get(live_server, "api/queries").json()
    listed = {q["name"]: q for q in body["queries"]}
    assert set(listed) == {p.stem for p in Path(__file__).resolve().parents[2].joinpath("queries").glob("*.rq")}
    post = listed["post_holders"]
    assert post["url"] == f"{live_server.url}api/queries/post_holders"
    assert post["summary"] == "Who held a post on a given date"
    assert [(p["name"], p["type"], p["required"]) for p in post["parameters"]] == [
        ("role", "string", True), ("on", "date", True), ("council", "entity", False)]
    assert post["columns"][0] == {"name": "person", "type": "iri", "description": "The person's URI"}


def test_openapi_documents_every_named_query(live_server) -> None:  # noqa: ANN001
    spec = get(live_server, "openapi.json").json()
    for q in named_queries().values():
        op = spec["paths"][f"/api/queries/{q.name}"]["get"]
        assert op["summary"] == q.summary
        params = {p["name"]: p for p in op.get("parameters", [])}
        assert list(params) == [p.name for p in q.parameters]
        for p in q.parameters:
            assert params[p.name]["required"] is p.required
            assert params[p.name]["description"] == p.description
    on = {p["name"]: p for p in spec["paths"]["/api/queries/post_holders"]["get"]["parameters"]}["on"]
    assert on["schema"]["pattern"] == r"^\d{4}(-\d{2}(-\d{2})?)?$"
    minimum = {p["name"]: p for p in spec["paths"]["/api/queries/people_across_documents"]["get"]["parameters"]}
    assert minimum["min_documents"]["schema"]["anyOf"][0]["type"] == "integer"
    assert minimum["min_documents"]["schema"]["default"] == 2


@pytest.mark.parametrize(("params", "detail"), [
    ({"role": "Director", "on": "2019-02-30"}, "parameter 'on' must be a real calendar date"),
    ({"role": "Director", "on": "2019-01-01", "council": "<http://evil>"}, "parameter 'council' must be an entity IRI"),
    ({"role": "Director", "on": "2019-01-01", "colour": "red"}, "has no parameter colour"),
    ({"role": "Director"}, "on"),
    ({"role": "\\u0022", "on": "2019-01-01"}, "cannot contain a backslash followed by 'u'"),
])
def test_bad_parameters_are_422_problems(live_server, params: dict[str, str], detail: str) -> None:  # noqa: ANN001
    r = get(live_server, "api/queries/post_holders", **params)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert detail in r.json()["detail"]


def test_wrong_type_is_422(live_server) -> None:  # noqa: ANN001
    r = get(live_server, "api/queries/people_across_documents", min_documents="two")
    assert r.status_code == 422
    assert "min_documents" in r.json()["detail"]


def test_unknown_query_is_404(live_server) -> None:  # noqa: ANN001
    r = get(live_server, "api/queries/no_such_query")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "no named query 'no_such_query'" in r.json()["detail"]


def test_injection_over_http_finds_nothing_and_changes_nothing(live_server) -> None:  # noqa: ANN001
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def triples() -> int:
        r = httpx.get(live_server.url + "sparql", params={"query": count},
                      headers={"Accept": "application/sparql-results+json"}, timeout=60)
        return int(r.json()["results"]["bindings"][0]["n"]["value"])

    before = triples()
    for value in ('x" } ; DROP ALL ; #', "<http://evil>", "Director\" || true || \""):
        r = get(live_server, "api/queries/post_holders", role=value, on="2019-01-01")
        assert r.status_code == 200 and r.json()["rows"] == []
    r = get(live_server, "api/queries/entities_by_name", q='"} UNION { ?entity ?p ?o } #')
    assert r.status_code == 200 and r.json()["rows"] == []
    assert triples() == before


def test_rows_are_typed_json_and_json_ld(live_server) -> None:  # noqa: ANN001
    r = get(live_server, "api/queries/funding_totals")
    body = r.json()
    assert body["columns"][:2] == ["council", "recipient"]
    assert all(isinstance(row["events"], int) and isinstance(row["separateTotal"], int) for row in body["rows"])
    flags = {row["cumulative"] for row in get(live_server, "api/queries/funding").json()["rows"]}
    assert flags == {True, False}
    g = Graph().parse(data=r.text, format="json-ld")
    vocab = f"{live_server.url}api/queries/funding_totals#"
    councils = {o for s, p, o in g if p == URIRef(vocab + "council")}
    assert councils == {URIRef(f"{live_server.url}id/council/powys-county-council")}  # IRIs are links
    assert all(isinstance(s, BNode) for s, p, o in g if p == URIRef(vocab + "council"))
    assert {str(o) for s, p, o in g if p == URIRef(vocab + "source")} == {
        "000_993c7b51447cae79.txt", "001_d19a80f013a49645.txt"}


HOSTILE = ('x" } ; DROP ALL ; #', "<http://evil>", "\\u0022", "a\nb } #")
QUESTION_QUERIES = ("bodies", "contradictions", "council_timeline", "councillors", "document_facts", "documents",
                    "entities_by_name", "funding", "funding_totals", "inspection_findings", "inspections", "meetings",
                    "people_across_documents", "post_holders", "publications", "resolved_dates")


def test_every_question_operation_survives_hostile_values(live_server) -> None:  # noqa: ANN001
    """Each user-facing named query, with each parameter given each hostile value (the others at
    their examples): an answer or a 4xx problem, never a server error."""
    failures = []
    for q in (named_queries()[name] for name in QUESTION_QUERIES):
        sample = {p.name: p.example for p in q.parameters if p.required}
        cases = [sample] + [{**sample, p.name: value} for p in q.parameters for value in HOSTILE]
        for params in cases:
            r = get(live_server, f"api/queries/{q.name}", **params)
            if r.status_code >= 500:
                failures.append((q.name, params, r.status_code, r.text[:200]))
    assert failures == []


def test_council_timeline_in_date_order_with_sources(live_server) -> None:  # noqa: ANN001
    rows = get(live_server, "api/queries/council_timeline", council="council/powys-county-council").json()["rows"]
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and dated[0] == "2017-10"
    assert all(r["date"] is None for r in rows[len(dated):])  # undated events last
    assert all(r["source"] and r["quote"] for r in rows)
    appointments = {(r["date"], r["source"][:3], r["label"]) for r in rows if r["type"] == "appointment"}
    assert {("2018-05", "000", "Alison Bulman: Director of Social Services"),
            ("2018-04", "002", "Ali Bulman: Director of Social Services")} <= appointments
    assert {r["type"] for r in rows} >= {"inspection", "funding", "meeting", "appointment", "publication"}
    ranged = get(live_server, "api/queries/council_timeline", council="council/powys-county-council",
                 **{"from": "2019", "to": "2019"}).json()["rows"]
    assert [(r["date"], r["type"]) for r in ranged] == [("2019-01-22", "meeting"),
                                                        ("2019-04-01", "restructure")]  # 001-O6, Q19


@pytest.mark.parametrize(("start", "end", "dates"), [
    ("2018-10-15", "2018-10-15", ["2018-10"]),  # a month-precision date overlaps a day inside it
    ("2018-10", "2018-10", ["2018-10"]),
    ("2018", "2018", ["2018-10"]),
    ("2018-11-01", "2020-10-08", []),
    ("2017-10-31", "2018-10-01", ["2017-10", "2018-10"]),
    ("2020-10-09", "2020-12", ["2020-10-09"]),
])
def test_date_ranges_compare_at_the_stored_precision(live_server, start: str, end: str,  # noqa: ANN001
                                                     dates: list[str]) -> None:
    rows = get(live_server, "api/queries/inspections", council="council/powys-county-council",
               **{"from": start, "to": end}).json()["rows"]
    assert sorted({r["date"] for r in rows}) == dates


@pytest.mark.parametrize(("q", "kind", "entity_key", "matched", "score"), [
    ("Ali Bulman", None, "person/alison-bulman", "Ali Bulman", 3),        # an alias
    ("ms bulman", None, "person/alison-bulman", "Ms Bulman", 3),          # case
    ("Bulmen", None, "person/alison-bulman", "Bulman", 0),                # a typo
    ("gibson watt", None, "person/james-gibson-watt", "James Gibson-Watt", 1),  # punctuation
    ("CIW", "inspectorate", "inspectorate/care-inspectorate-wales", "CIW", 3),
])
def test_entities_by_name(live_server, q: str, kind: str | None, entity_key: str, matched: str,  # noqa: ANN001
                          score: int) -> None:
    params = {"q": q, **({"kind": kind} if kind else {})}
    rows = get(live_server, "api/queries/entities_by_name", **params).json()["rows"]
    best = rows[0]
    assert (best["entity"], best["matched"], best["score"]) == (f"{live_server.url}id/{entity_key}", matched, score)
    if kind:
        assert {r["kind"] for r in rows} == {kind}
