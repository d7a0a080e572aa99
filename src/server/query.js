'use strict';
// The query page: runs the query against /sparql and shows the result as a table. Every value is
// put in the page as text (never as HTML); links go to /id/ pages for our IRIs and to http(s)
// IRIs as they are.
(() => {
  const base = document.body.dataset.base;
  const prefixes = JSON.parse(document.body.dataset.prefixes);
  const form = document.getElementById('query-form');
  const examples = document.getElementById('example');
  const text = document.getElementById('query');
  const status = document.getElementById('status');
  const results = document.getElementById('results');

  examples.addEventListener('change', () => {
    const option = examples.selectedOptions[0];
    if (option && option.dataset.query) text.value = option.dataset.query;
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });

  function short(iri) {
    for (const [name, namespace] of prefixes) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        return name + ':' + iri.slice(namespace.length);
      }
    }
    return iri;
  }

  function iriNode(iri) {
    let href = null;
    if (iri.startsWith(base)) href = '/id/' + iri.slice(base.length);
    else if (/^https?:\/\//i.test(iri)) href = iri;
    const node = document.createElement(href ? 'a' : 'span');
    if (href) {
      node.href = href;
      if (!href.startsWith('/')) node.rel = 'noopener noreferrer';
    }
    node.textContent = short(iri);
    node.title = iri;
    return node;
  }

  function cell(term) {
    const td = document.createElement('td');
    if (!term) return td;
    if (term.type === 'uri') {
      td.append(iriNode(term.value));
    } else if (term.type === 'bnode') {
      td.textContent = '_:' + term.value;
    } else if (term.type === 'literal' || term.type === 'typed-literal') {
      td.textContent = term.value;
      const note = term['xml:lang'] ? '@' + term['xml:lang'] : '';
      if (note) {
        const span = document.createElement('span');
        span.className = 'lang';
        span.textContent = note;
        td.append(span);
      }
    } else {
      td.textContent = JSON.stringify(term.value);
    }
    return td;
  }

  function table(vars, rows) {
    const t = document.createElement('table');
    const head = t.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement('th');
      th.textContent = v;
      head.append(th);
    }
    const body = t.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.append(cell(row[v]));
    }
    return t;
  }

  function say(message, error) {
    status.textContent = message;
    status.classList.toggle('error', Boolean(error));
  }

  async function run() {
    say('running…', false);
    results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch('/sparql', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/sparql-query',
          'Accept': 'application/sparql-results+json, text/turtle;q=0.9',
        },
        body: text.value,
      });
    } catch (error) {
      say('cannot reach the server: ' + error, true);
      return;
    }
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      say(response.status + ': ' + (await response.text()), true);
      return;
    }
    const type = response.headers.get('Content-Type') || '';
    if (type.startsWith('application/sparql-results+json')) {
      const json = await response.json();
      if ('boolean' in json) {
        say('answer: ' + json.boolean + ' (' + ms + ' ms)', false);
        return;
      }
      const rows = json.results.bindings;
      results.append(table(json.head.vars, rows));
      say(rows.length + (rows.length === 1 ? ' row' : ' rows') + ' in ' + ms + ' ms', false);
    } else {
      const pre = document.createElement('pre');
      pre.textContent = await response.text();
      results.append(pre);
      say('graph in ' + ms + ' ms', false);
    }
  }
})();
