// The SPARQL editor: a textarea with a highlighted overlay, example queries, and results as a table.
// No dependencies; runs the query by fetch() on /sparql and asks for SPARQL results JSON.
(function () {
  "use strict";
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const highlight = document.getElementById("query-highlight");
  const select = document.getElementById("example");
  const description = document.getElementById("example-description");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
  const origin = window.location.origin + "/";

  const KEYWORDS = new Set(("select construct describe ask where prefix base from named graph optional union minus " +
    "filter bind values as distinct reduced order by asc desc limit offset group having service silent not exists " +
    "in a true false undef count sum min max avg sample group_concat separator str lang langmatches datatype bound " +
    "iri uri bnode strlen substr ucase lcase strstarts strends contains concat regex replace year month day coalesce if")
    .split(" "));
  const TOKEN = new RegExp([
    "(#[^\\n]*)",                                   // 1 comment
    "(\"\"\"[\\s\\S]*?\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                     // 3 IRI
    "([?$][A-Za-z_][\\w]*)",                        // 4 variable
    "([A-Za-z][\\w.-]*)?:([\\w.-]*)",               // 5,6 prefixed name
    "([A-Za-z_][\\w]*)",                            // 7 word
    "(\\d+(?:\\.\\d+)?)",                           // 8 number
  ].join("|"), "g");

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function span(cls, s) { return "<span class=\"tok-" + cls + "\">" + escapeHtml(s) + "</span>"; }

  function highlightSparql(source) {
    let out = "", last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(source)) !== null) {
      if (m[0] === "") { TOKEN.lastIndex++; continue; }
      out += escapeHtml(source.slice(last, m.index));
      if (m[1]) out += span("comment", m[0]);
      else if (m[2]) out += span("string", m[0]);
      else if (m[3]) out += span("iri", m[0]);
      else if (m[4]) out += span("var", m[0]);
      else if (m[6] !== undefined) out += span("pname", m[0]);
      else if (m[7]) out += KEYWORDS.has(m[7].toLowerCase()) ? span("keyword", m[0]) : escapeHtml(m[0]);
      else if (m[8]) out += span("number", m[0]);
      else out += escapeHtml(m[0]);
      last = TOKEN.lastIndex;
    }
    // A trailing newline needs a character after it, or the overlay ends one line short.
    return out + escapeHtml(source.slice(last)) + "\n";
  }

  function refresh() {
    highlight.innerHTML = highlightSparql(textarea.value);
    syncScroll();
  }

  function syncScroll() {
    highlight.parentElement.scrollTop = textarea.scrollTop;
    highlight.parentElement.scrollLeft = textarea.scrollLeft;
  }

  function shorten(iri) {
    // Entities, graphs and terms minted here read better without the server's own address.
    if (iri.startsWith(origin + "id/")) return iri.slice((origin + "id/").length);
    if (iri.startsWith(origin + "graph/")) return iri.slice(origin.length);
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function linkFor(iri) {
    // Entities minted here open as their page; everything else as it is.
    if (iri.startsWith(origin + "id/")) return "/doc/" + iri.slice((origin + "id/").length);
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = linkFor(term.value);
      a.textContent = shorten(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function renderTable(data) {
    results.replaceChildren();
    if (typeof data.boolean === "boolean") {
      const p = document.createElement("p");
      p.className = "boolean-result";
      p.textContent = "Answer: " + (data.boolean ? "yes (true)" : "no (false)");
      results.appendChild(p);
      return 1;
    }
    const vars = data.head.vars || [];
    const rows = data.results.bindings;
    const table = document.createElement("table");
    table.className = "results-table";
    const caption = document.createElement("caption");
    caption.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s");
    table.appendChild(caption);
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v]));
    }
    results.appendChild(table);
    return rows.length;
  }

  async function run(event) {
    if (event) event.preventDefault();
    const query = textarea.value;
    status.textContent = "Running…";
    status.className = "";
    const started = performance.now();
    const accept = "application/sparql-results+json";
    let response;
    try {
      response = query.length > 6000
        ? await fetch("/sparql", { method: "POST", headers: { "Accept": accept },
                                   body: new URLSearchParams({ query: query }) })
        : await fetch("/sparql?" + new URLSearchParams({ query: query }), { headers: { "Accept": accept } });
    } catch (err) {
      status.textContent = "The endpoint could not be reached: " + err.message;
      status.className = "error";
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      if (type.includes("json")) {
        const problem = await response.json();
        message = problem.detail || problem.title || message;
      }
      status.textContent = "The query failed: " + message;
      status.className = "error";
      return;
    }
    if (!type.includes("json")) {
      results.replaceChildren();
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.appendChild(pre);
      status.textContent = "Done (" + type + ").";
      return;
    }
    const n = renderTable(await response.json());
    status.textContent = n + " result" + (n === 1 ? "" : "s") + " in " + Math.round(performance.now() - started) + " ms.";
  }

  function loadExample(name) {
    const ex = examples.find(function (e) { return e.name === name; });
    if (!ex) return;
    textarea.value = ex.query;
    description.textContent = ex.description;
    const url = new URL(window.location.href);
    url.searchParams.set("example", name);
    window.history.replaceState(null, "", url);
    refresh();
  }

  textarea.addEventListener("input", refresh);
  textarea.addEventListener("scroll", syncScroll);
  textarea.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(e);
  });
  select.addEventListener("change", function () { loadExample(select.value); });
  form.addEventListener("submit", run);
  refresh();
})();
