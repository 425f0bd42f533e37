"""Named SPARQL queries: `queries/NAME.rq` files with a comment header, loaded and checked at start-up,
run with typed parameters that are bound as RDF terms, never pasted into the query text.

Header syntax (comment lines at the top of the file, before the first non-comment line)::

    # summary: One line saying what the query answers.
    # description: Longer text; it may continue on the next comment lines
    #   when they are indented by two or more spaces after the '#'.
    # param: NAME | TYPE | required | What the value means (shown in the API docs)
    # param: NAME | TYPE | optional | ...          (unbound when not given)
    # param: NAME | TYPE | default=VALUE | ...     (VALUE when not given)
    # column: NAME | TYPE | What the result column holds

TYPE is one of `iri` (an absolute IRI), `entity` (an IRI, or an entity key under the configured
base such as `council/example-council`), `string`, `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
bound as xsd:gYear / xsd:gYearMonth / xsd:date, the precisions dates are stored at), `integer`,
`decimal` and `boolean`. The `column:` lines must name the query's SELECT variables in order;
`summary:` is required, the other lines are optional (`# parameters: none` is allowed as a note).

Binding: each parameter is the SPARQL variable of its name (`?council`). `NamedQuery.bind` turns
every raw value into a validated RDF term, writes the terms in the term syntax of SPARQL (IRIs
checked by `graph.store.terms.iri`, strings escaped so they cannot end the literal, typed values
checked against a strict pattern first) and puts them in one `VALUES (?a ?b) { (... ) }` block
as the first element of the query's outermost WHERE group. The rest of the text is unchanged, so
a value can only ever be a value. Optional parameters are `UNDEF`. SPARQL evaluates groups
bottom-up, so a FILTER inside a nested group (a UNION branch, OPTIONAL, GRAPH block or sub-SELECT)
does not see the parameters: put parameter FILTERs at the top level of the WHERE group, and inside
nested groups use the parameter as a variable of triple patterns (which join with the VALUES row).

Conditional lines: a line of the query that ends with the comment `# if: NAME` (or `# if: A, B`)
is part of the query only when those parameters have values; `# unless: NAME` only when NAME has
none. This lets a query put a given parameter into a required triple pattern at the start of the
group, where the engine uses it to narrow every join (a FILTER after the OPTIONALs cannot: Oxigraph
evaluates the whole group first), while the query without that parameter keeps every row. The
choice is between fixed texts written in the file; the value itself is still only ever bound in
the VALUES block.

Start-up: `load_named_queries` reads every file, checks its header, and runs the query (bound with
sample values, and again with every optional parameter unbound when the file has conditional
lines) on an empty in-memory Oxigraph store, so a file that does not parse, or whose columns do not
match its header, raises ConfigError naming the file and the parser's message.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from graph.errors import ConfigError, InputError, NotFound, StoreError
from graph.paths import QUERIES_DIR
from graph.store.base import SelectResult, Store
from graph.store.terms import iri as iri_syntax
from graph.uris import base, entity, vocab_ns

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ("iri", "entity", "string", "date", "integer", "decimal", "boolean")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")
_KEY = re.compile(r"^[a-z][a-z0-9-]*(/[a-z0-9][a-z0-9._-]*)+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_DECIMAL = re.compile(r"^[+-]?(\d{1,18}(\.\d{0,18})?|\.\d{1,18})$")
_BOOLEANS = {"true": "true", "1": "true", "yes": "true", "false": "false", "0": "false", "no": "false"}
_PREFIX = re.compile(r"(?im)^(\s*PREFIX\s+(ckg|id):\s*)<[^>]*>")
_UNICODE_ESCAPE = re.compile(r"\\[uU]")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_CONDITION = re.compile(r"#\s*(if|unless):\s*([a-z][a-z0-9_]*(?:\s*,\s*[a-z][a-z0-9_]*)*)\s*$")
_EXAMPLES = {"iri": "https://example.org/thing", "entity": "council/example-council", "string": "text",
             "date": "2019-07-16", "integer": "10", "decimal": "2.5", "boolean": "true"}
"""A valid value of each type: shown in error messages and used to check a query at start-up."""


class ParameterError(InputError):
    """A named-query parameter value that cannot be bound (wrong type, missing, unknown)."""

    http_status = 422
    title = "Invalid parameter"


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""

    @property
    def example(self) -> str:
        return self.default if self.default is not None else _EXAMPLES[self.type]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[Column, ...]
    text: str = field(repr=False)
    where_at: int = field(repr=False, default=0)
    """Offset just after the `{` that opens the outermost WHERE group (where VALUES goes)."""

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def bind(self, values: dict[str, str], *, lateral: bool = True) -> str:
        """The query text (prefixes rebound to the configured base) with the parameters bound as
        RDF terms in a VALUES block. Raises ParameterError for an unknown, missing or bad value.
        `lateral=False` (a store whose engine has no LATERAL) writes each `LATERAL { OPTIONAL {...} }`
        as the plain OPTIONAL, which has the same answers (see `inline_lateral`)."""
        unknown = sorted(set(values) - {p.name for p in self.parameters})
        if unknown:
            known = ", ".join(p.name for p in self.parameters) or "none"
            raise ParameterError(f"query {self.name!r} has no parameter {', '.join(unknown)}; its parameters: {known}")
        text = _rebind_prefixes(self.text)
        if not lateral:
            text = inline_lateral(text)
        if not self.parameters:
            return text
        given = {p.name for p in self.parameters if values.get(p.name) not in (None, "") or p.default is not None}
        text = _conditional_lines(text, given)
        terms = []
        for p in self.parameters:
            raw = values.get(p.name)
            if raw is None or raw == "":
                raw = p.default
            if raw is None:
                if p.required:
                    raise ParameterError(f"parameter {p.name!r} of query {self.name!r} is required: "
                                         f"give a {p.type}, e.g. {p.name}={_EXAMPLES[p.type]}")
                terms.append("UNDEF")
            else:
                terms.append(term(p, raw))
        where_at = _where_offset(text, self.path)
        variables = " ".join(f"?{p.name}" for p in self.parameters)
        block = f"\n  VALUES ({variables}) {{ ({' '.join(terms)}) }}\n"
        return text[:where_at] + block + text[where_at:]


# ---------------------------------------------------------------- terms
def _bad(p: Parameter, raw: str, what: str) -> ParameterError:
    return ParameterError(f"parameter {p.name!r} must be {what}, e.g. {p.name}={_EXAMPLES[p.type]} "
                          f"(got {raw[:80]!r})")


def string_literal(value: str) -> str:
    """A SPARQL string literal of any text: backslash, quote and line breaks escaped, so the text
    cannot end the literal (other characters, `{`, `}`, `#`, `<`, stand for themselves inside it).
    The caller refuses a backslash before `u`/`U`: the SPARQL spec reads `\\u0022` as a character
    escape before parsing (rdflib does), Oxigraph as a backslash and text, so no escaping is safe
    on both."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{XSD}{datatype}>'


def term(p: Parameter, raw: str) -> str:
    """The SPARQL term syntax of a raw parameter value, validated against the parameter's type."""
    value = raw.strip()
    if p.type == "string":
        if _UNICODE_ESCAPE.search(raw):
            raise ParameterError(f"parameter {p.name!r} cannot contain a backslash followed by 'u' or 'U' "
                                 "(SPARQL engines disagree on reading it as a character escape): remove the "
                                 "backslash or give the character itself")
        return string_literal(raw)
    if p.type in ("iri", "entity"):
        if p.type == "entity" and _KEY.match(value):
            value = entity(value)
        if not _ABSOLUTE_IRI.match(value):
            what = "an absolute IRI" if p.type == "iri" else f"an entity IRI or a key under {base()}id/"
            raise _bad(p, raw, what)
        try:
            return iri_syntax(value)
        except ValueError as e:
            raise _bad(p, raw, "an absolute IRI") from e
    if p.type == "date":
        m = _DATE.match(value)
        if not m:
            raise _bad(p, raw, "a date YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = m.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError as e:
            raise _bad(p, raw, "a real calendar date (YYYY, YYYY-MM or YYYY-MM-DD)") from e
        return _typed(value, "date" if day else "gYearMonth" if month else "gYear")
    if p.type == "integer":
        if not _INTEGER.match(value):
            raise _bad(p, raw, "a whole number")
        return _typed(str(int(value)), "integer")
    if p.type == "decimal":
        if not _DECIMAL.match(value):
            raise _bad(p, raw, "a decimal number")
        try:
            return _typed(str(Decimal(value)), "decimal")
        except InvalidOperation as e:
            raise _bad(p, raw, "a decimal number") from e
    if p.type == "boolean":
        if value.casefold() not in _BOOLEANS:
            raise _bad(p, raw, "true or false")
        return _typed(_BOOLEANS[value.casefold()], "boolean")
    raise ConfigError(f"parameter {p.name!r} has unknown type {p.type!r}")  # excluded by the loader


def _rebind_prefixes(text: str) -> str:
    """`PREFIX ckg:` / `PREFIX id:` rebound to the configured base, so files are written for the
    default base (same rule as graph.facts_export.load_query)."""
    targets = {"ckg": vocab_ns(), "id": base() + "id/"}
    return _PREFIX.sub(lambda m: f"{m.group(1)}<{targets[m.group(2).lower()]}>", text)


def _where_offset(text: str, path: Path) -> int:
    """Offset after the `{` of the first `WHERE {` outside comments, strings and IRIs."""
    masked = _mask(text)
    m = _WHERE.search(masked)
    if not m:
        raise ConfigError(f"named query {path}: parameters need a 'WHERE {{' group to bind them in")
    return m.end()


def _conditions(text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line number, `if`/`unless`, parameter names) of every conditional line of a query text."""
    out = []
    for n, line in enumerate(text.splitlines()):
        masked = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>', lambda m: " " * len(m.group(0)), line)
        m = _CONDITION.search(masked)
        if m and not line.lstrip().startswith("#"):
            out.append((n, m.group(1), tuple(x.strip() for x in m.group(2).split(","))))
    return out


def _conditional_lines(text: str, given: set[str]) -> str:
    """The text with each conditional line blanked whose condition does not hold (line numbers,
    and so the parser's messages, stay those of the file)."""
    conditions = _conditions(text)
    if not conditions:
        return text
    lines = text.split("\n")
    for n, kind, names in conditions:
        holds = all(x in given for x in names) if kind == "if" else not any(x in given for x in names)
        if not holds:
            lines[n] = ""
    return "\n".join(lines)


def _closing_brace(masked: str, open_at: int) -> int:
    """Offset of the `}` that closes the `{` at `open_at` (len(masked) when it is never closed)."""
    depth = 0
    for i in range(open_at, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return len(masked)


def _lateral_groups(text: str) -> list[tuple[int, int, int]]:
    """(start of `LATERAL`, offset of its `{`, offset of the matching `}`) of every LATERAL group."""
    masked = _mask(text)
    return [(m.start(), m.end() - 1, _closing_brace(masked, m.end() - 1))
            for m in re.finditer(r"\bLATERAL\s*\{", masked, re.IGNORECASE)]


def _lateral_problem(text: str) -> str | None:
    """Why the query's LATERAL groups cannot be written as plain OPTIONALs, or None."""
    masked = _mask(text)
    for start, open_at, close_at in _lateral_groups(text):
        if close_at >= len(masked):
            return f"the LATERAL group at offset {start} is not closed"
        inner = masked[open_at + 1:close_at].strip()
        m = re.match(r"OPTIONAL\s*\{", inner, re.IGNORECASE)
        if not m or inner[_closing_brace(inner, m.end() - 1) + 1:].strip():
            return f"the LATERAL group at offset {start} must hold one OPTIONAL {{ ... }} and nothing else"
    return None


def inline_lateral(text: str) -> str:
    """`LATERAL { OPTIONAL { P } }` written as `OPTIONAL { P }`, for engines without LATERAL.

    Named queries use LATERAL only around one OPTIONAL whose pattern joins the rows before it on
    variables those rows always bind (checked at start-up: the group holds exactly one OPTIONAL).
    For such a pattern both forms have the same answers; LATERAL makes Oxigraph look the OPTIONAL
    up for each row instead of building it over the whole dataset (a hash join), which is what keeps
    the named queries proportional to their answers at 1M triples. Engines without it (Virtuoso)
    get the plain OPTIONAL."""
    groups = _lateral_groups(text)
    if not groups:
        return text
    chars = list(text)
    for start, open_at, close_at in groups:
        for i in range(start, open_at + 1):
            chars[i] = " "
        chars[close_at] = " "
    return "".join(chars)


def _mask(text: str) -> str:
    """The text with comments, string literals and IRIs blanked out (same length), so keywords
    and braces inside them are not taken for syntax."""
    return re.sub(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>',
                  lambda m: " " * len(m.group(0)), text)


# ---------------------------------------------------------------- loading
def _header(path: Path, text: str) -> tuple[dict[str, str], list[str], list[str]]:
    fields: dict[str, str] = {}
    params: list[str] = []
    columns: list[str] = []
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line[1:]
        m = re.match(r"^ ([a-z]+):\s*(.*)$", body)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                params.append(value)
                last = None
            elif key == "column":
                columns.append(value)
                last = None
            elif key in ("summary", "description", "parameters"):
                if key in fields:
                    raise ConfigError(f"named query {path}: header line '{key}:' appears twice")
                fields[key] = value
                last = key
            else:
                raise ConfigError(f"named query {path}: unknown header line '{key}:' "
                                  "(use summary, description, param, column)")
        elif body.startswith("  ") and last:
            fields[last] += " " + body.strip()
        elif body.strip():
            raise ConfigError(f"named query {path}: header line {line!r} is not 'key: value' "
                              "(continue a description on lines indented by two spaces)")
    return fields, params, columns


def _parameter(path: Path, spec: str) -> Parameter:
    parts = [s.strip() for s in spec.split("|")]
    if len(parts) != 4:
        raise ConfigError(f"named query {path}: 'param: {spec}' must be NAME | TYPE | required|optional|default=VALUE"
                          " | DESCRIPTION")
    name, kind, presence, description = parts
    if not _NAME.match(name):
        raise ConfigError(f"named query {path}: parameter name {name!r} must be lower-case letters, digits, '_'")
    if kind not in TYPES:
        raise ConfigError(f"named query {path}: parameter {name!r} has type {kind!r}; use one of {', '.join(TYPES)}")
    if presence in ("required", "optional"):
        p = Parameter(name, kind, presence == "required", None, description)
    elif presence.startswith("default="):
        p = Parameter(name, kind, False, presence[len("default="):], description)
        try:
            term(p, p.default or "")
        except InputError as e:
            raise ConfigError(f"named query {path}: default of {name!r}: {e}") from e
    else:
        raise ConfigError(f"named query {path}: parameter {name!r}: say required, optional or default=VALUE")
    return p


def _column(path: Path, spec: str) -> Column:
    parts = [s.strip() for s in spec.split("|")]
    if len(parts) != 3 or not _NAME.match(parts[0].lower()) or parts[1] not in TYPES:
        raise ConfigError(f"named query {path}: 'column: {spec}' must be NAME | TYPE | DESCRIPTION "
                          f"with TYPE one of {', '.join(TYPES)}")
    return Column(*parts)


def load_named_query(path: Path) -> NamedQuery:
    """One query file, checked: header, parse, and SELECT columns against the header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"named query {path} cannot be read: {e}") from e
    name = path.stem
    if not _NAME.match(name):
        raise ConfigError(f"named query {path}: file name must be lower-case letters, digits and '_' + .rq")
    fields, param_specs, column_specs = _header(path, text)
    if not fields.get("summary"):
        raise ConfigError(f"named query {path}: the header needs a '# summary: ...' line")
    params = tuple(_parameter(path, s) for s in param_specs)
    if len({p.name for p in params}) != len(params):
        raise ConfigError(f"named query {path}: a parameter is declared twice")
    for p in params:
        if not re.search(rf"[?$]{p.name}\b", _mask(text)):
            raise ConfigError(f"named query {path}: parameter {p.name!r} is not used as ?{p.name} in the query")
    for n, _kind, names in _conditions(text):
        unknown = [x for x in names if x not in {p.name for p in params}]
        if unknown:
            raise ConfigError(f"named query {path}, line {n + 1}: the condition names {', '.join(unknown)}, "
                              "which is not a parameter of the query")
        required = [x for x in names if any(p.name == x and (p.required or p.default is not None) for p in params)]
        if required:
            raise ConfigError(f"named query {path}, line {n + 1}: parameter {', '.join(required)} always has a "
                              "value (required or with a default), so a condition on it is not needed")
    problem = _lateral_problem(text)
    if problem:
        raise ConfigError(f"named query {path}: {problem} (see README: named queries, plans that scale)")
    query = NamedQuery(name, path, fields["summary"], fields.get("description", ""), params,
                       tuple(_column(path, s) for s in column_specs), text)
    _check(query)
    return query


def _check(query: NamedQuery) -> None:
    """Parse and run the query, bound with sample values, on an empty store: a syntax error or a
    column list that differs from the header fails start-up."""
    samples = [{p.name: p.example for p in query.parameters}]
    if _conditions(query.text):
        samples.append({p.name: p.example for p in query.parameters if p.required})
    for values in samples:
        _check_one(query, values, lateral=True)
    if _lateral_groups(query.text):
        _check_one(query, samples[0], lateral=False)


def _check_one(query: NamedQuery, values: dict[str, str], *, lateral: bool) -> None:
    sample = query.bind(values, lateral=lateral)
    which = "" if len(values) == len(query.parameters) else " (with its optional parameters not given)"
    which += "" if lateral else " (written without LATERAL)"
    try:
        result = ox.Store().query(sample)
    except SyntaxError as e:
        raise ConfigError(f"named query {query.path}{which} does not parse: {e}") from e
    except (ValueError, OSError) as e:
        raise ConfigError(f"named query {query.path}{which} cannot run: {e}") from e
    if not isinstance(result, ox.QuerySolutions):
        raise ConfigError(f"named query {query.path} must be a SELECT query")
    variables = [v.value for v in result.variables]
    declared = [c.name for c in query.columns]
    if declared and declared != variables:
        raise ConfigError(f"named query {query.path}: header columns {declared} differ from the SELECT "
                          f"variables {variables}")


def load_named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every `*.rq` of the directory by name, each checked (ConfigError on the first broken file)."""
    if not directory.is_dir():
        raise ConfigError(f"named queries directory {directory} does not exist")
    return {q.name: q for q in (load_named_query(p) for p in sorted(directory.glob("*.rq")))}


@functools.cache
def named_queries() -> dict[str, NamedQuery]:
    """The project's named queries, loaded once per process."""
    return load_named_queries(QUERIES_DIR)


def get(name: str, queries: dict[str, NamedQuery] | None = None) -> NamedQuery:
    queries = named_queries() if queries is None else queries
    if name not in queries:
        raise NotFound(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]


def run_named(store: Store, name: str, params: dict[str, str]) -> SelectResult:
    """Run a named query with raw parameter values (as from a URL or `--param k=v`)."""
    result = store.query(get(name).bind(params, lateral=store.supports_lateral))
    if not isinstance(result, SelectResult):
        raise StoreError(f"named query {name} did not return a table of results")
    return result


__all__ = ["Column", "NamedQuery", "Parameter", "ParameterError", "TYPES", "get", "inline_lateral",
           "load_named_queries", "named_queries", "run_named", "string_literal", "term"]
