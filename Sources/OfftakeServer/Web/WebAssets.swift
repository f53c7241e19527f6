/// The page's one script and one style sheet, served from `/assets/` (the Content-Security-Policy
/// allows scripts from the server itself only). The script writes every value from the API with
/// `textContent` — never `innerHTML` — and shows the HTML report inside a sandboxed frame that may not
/// run scripts.
enum WebAssets {
    /// The script's and the style sheet's names under `/assets/`: the only assets, served without a
    /// token (the page needs them to ask for it).
    static let scriptFile = "app.js", styleSheetFile = "app.css"
    static let files: Set<String> = [scriptFile, styleSheetFile]

    static let script = #"""
'use strict';
(() => {
  const TOKEN_KEY = 'offtake.token';
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;

  // ---- the API, with the token asked once when the server wants one ----------------------------
  let tokenPromise = null;
  function askToken() {
    if (tokenPromise) return tokenPromise;
    tokenPromise = new Promise((resolve) => {
      const dialog = $('token-dialog');
      const form = $('token-form');
      form.addEventListener('submit', () => {
        sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
        tokenPromise = null;
        resolve();
      }, { once: true });
      dialog.showModal();
      $('token-input').focus();
    });
    return tokenPromise;
  }

  async function api(path, options = {}, attempt = 0) {
    const headers = new Headers(options.headers || {});
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.set('Authorization', 'Bearer ' + token);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    const response = await fetch(path, { ...options, headers });
    if (response.status === 401 && attempt < 3) {
      sessionStorage.removeItem(TOKEN_KEY);
      await askToken();
      return api(path, options, attempt + 1);
    }
    return response;
  }

  async function json(path, options) {
    const response = await api(path, options);
    const body = await response.json().catch(() => null);
    return { response, body };
  }

  function errorText(body, response) {
    if (body && body.error) return body.error.message;
    return 'The server answered ' + response.status + '.';
  }

  function notice(text) {
    const p = $('notice');
    p.textContent = text;
    p.hidden = !text;
  }

  // ---- formatting by metric kind ------------------------------------------------------------------
  const MINUS = '\u2212';
  function signed(text, negative) { return negative ? MINUS + text : text; }
  function grouped(n) { return Math.round(n).toLocaleString('en-US'); }
  function format(value, kind) {
    if (typeof value !== 'number' || !isFinite(value)) return String(value);
    const a = Math.abs(value), neg = value < 0;
    switch (kind) {
      case 'probability': case 'share': return signed((a * 100).toFixed(1) + '%', neg);
      case 'money':
        if (a >= 1e12) return signed('$' + (a / 1e12).toFixed(2) + 'T', neg);
        if (a >= 1e9) return signed('$' + (a / 1e9).toFixed(1) + 'B', neg);
        if (a >= 1e6) return signed('$' + (a / 1e6).toFixed(1) + 'M', neg);
        return signed('$' + grouped(a), neg);
      case 'multiple': return signed(a.toFixed(2) + '\u00d7', neg);
      case 'mw': return signed(grouped(a) + ' MW', neg);
      case 'months': return signed(a.toFixed(1) + ' mo', neg);
      case 'count': return signed(grouped(a), neg);
      default: return signed(a.toPrecision(4), neg);
    }
  }
  function difference(value, kind) { return (value > 0 ? '+' : '') + format(value, kind); }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }

  function cell(row, text) { const td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }

  function link(href, text) { const a = document.createElement('a'); a.href = href; a.textContent = text; return a; }

  async function download(path, name) {
    const response = await api(path, { headers: { Accept: '*/*' } });
    if (!response.ok) { notice('Download failed: ' + response.status); return; }
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function submit(submission) {
    const { response, body } = await json('/api/runs', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(submission),
    });
    return { response, body };
  }

  // ---- home: built-in scenarios and recent runs ---------------------------------------------------
  async function home() {
    const list = $('scenarios');
    const { response, body } = await json('/api/scenarios');
    if (!response.ok) { notice(errorText(body, response)); return; }
    for (const s of body.scenarios) {
      const li = document.createElement('li');
      const h = document.createElement('h3'); h.textContent = s.name + (s.default ? ' (default)' : ''); li.appendChild(h);
      const p = document.createElement('p'); p.textContent = s.summary; li.appendChild(p);
      const buttons = document.createElement('div'); buttons.className = 'buttons';
      buttons.appendChild(link('/editor?scenario=' + encodeURIComponent(s.name), 'Open in the editor'));
      const run = document.createElement('button'); run.type = 'button'; run.textContent = 'Run';
      run.setAttribute('aria-label', 'Run ' + s.name);
      run.addEventListener('click', async () => {
        run.disabled = true;
        const { response, body } = await submit({ builtin: s.name });
        if (response.status === 202) { location.href = '/runs/' + encodeURIComponent(body.id); return; }
        run.disabled = false;
        notice(errorText(body, response));
      });
      buttons.appendChild(run);
      li.appendChild(buttons);
      list.appendChild(li);
    }
    let offset = 0;
    const limit = 20;
    const chosen = [];
    const compare = $('compare-selected');
    compare.addEventListener('click', () => {
      if (chosen.length === 2) location.href = '/compare?a=' + encodeURIComponent(chosen[0]) + '&b=' + encodeURIComponent(chosen[1]);
    });
    async function more() {
      const { response, body } = await json('/api/runs?limit=' + limit + '&offset=' + offset);
      if (!response.ok) { notice(errorText(body, response)); return; }
      const tbody = $('runs').querySelector('tbody');
      for (const r of body.runs) {
        const tr = document.createElement('tr');
        const pick = document.createElement('input');
        pick.type = 'checkbox'; pick.value = r.id; pick.setAttribute('aria-label', 'Compare ' + r.name);
        pick.addEventListener('change', () => {
          if (pick.checked) chosen.push(r.id); else chosen.splice(chosen.indexOf(r.id), 1);
          while (chosen.length > 2) {
            const dropped = chosen.shift();
            for (const box of tbody.querySelectorAll('input[type=checkbox]')) if (box.value === dropped) box.checked = false;
          }
          compare.disabled = chosen.length !== 2;
        });
        cell(tr, '').appendChild(pick);
        cell(tr, '').appendChild(link('/runs/' + encodeURIComponent(r.id), r.name));
        cell(tr, r.kind);
        cell(tr, r.status);
        cell(tr, Math.round(r.progress * 100) + '%');
        cell(tr, grouped(r.paths));
        cell(tr, when(r.created_at));
        tbody.appendChild(tr);
      }
      offset += body.runs.length;
      $('runs-empty').hidden = body.total > 0;
      $('runs-more').hidden = offset >= body.total;
    }
    $('runs-more').addEventListener('click', more);
    await more();
  }

  // ---- editor: validate (every problem with its line), run ------------------------------------------
  async function editor() {
    const text = $('scenario-text');
    const select = $('builtin');
    const { response, body } = await json('/api/scenarios');
    if (response.ok) {
      for (const s of body.scenarios) {
        const option = document.createElement('option');
        option.value = s.name; option.textContent = s.name + ' — ' + s.summary;
        select.appendChild(option);
      }
    }
    async function load(name) {
      const { response, body } = await json('/api/scenarios/' + encodeURIComponent(name));
      if (!response.ok) { notice(errorText(body, response)); return; }
      text.value = body.text;
      select.value = name;
      showIssues(null);
    }
    select.addEventListener('change', () => { if (select.value) load(select.value); });
    const wanted = new URLSearchParams(location.search).get('scenario');
    const first = wanted || (body && body.scenarios.find((s) => s.default) || {}).name;
    if (first) await load(first);

    function goTo(line, column) {
      const lines = text.value.split('\n');
      let offset = 0;
      for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
      offset += Math.max(0, (column || 1) - 1);
      text.focus();
      text.setSelectionRange(offset, offset);
      const lineHeight = text.scrollHeight / Math.max(1, lines.length);
      text.scrollTop = Math.max(0, (line - 5) * lineHeight);
    }

    function showIssues(issues, message) {
      const list = $('issues');
      list.replaceChildren();
      if (issues === null) { $('issues-status').textContent = 'Not validated yet.'; return; }
      $('issues-status').textContent = message || (issues.length === 0 ? 'No problems: the scenario is valid.'
        : issues.length + (issues.length === 1 ? ' problem.' : ' problems.'));
      for (const issue of issues) {
        const li = document.createElement('li');
        const where = (issue.line ? 'line ' + issue.line + ':' + (issue.column || 1) + ' ' : '') + (issue.path || '');
        if (issue.line) {
          const b = document.createElement('button');
          b.type = 'button'; b.className = 'link'; b.textContent = where;
          b.addEventListener('click', () => goTo(issue.line, issue.column));
          li.appendChild(b);
        } else if (where) {
          const s = document.createElement('strong'); s.textContent = where; li.appendChild(s);
        }
        li.appendChild(document.createTextNode(' ' + issue.message + (issue.hint ? ' — ' + issue.hint : '')));
        list.appendChild(li);
      }
    }

    $('validate').addEventListener('click', async () => {
      const { response, body } = await json('/api/validate', {
        method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: text.value,
      });
      if (!response.ok) { showIssues([], errorText(body, response)); return; }
      showIssues(body.issues);
    });

    $('editor-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const options = { kind: $('kind').value };
      if ($('paths').value) options.paths = Number($('paths').value);
      if ($('seed').value) options.seed = Number($('seed').value);
      const submission = { scenario: text.value, options };
      if ($('run-name').value.trim()) submission.name = $('run-name').value.trim();
      $('submit-run').disabled = true;
      const { response, body } = await submit(submission);
      $('submit-run').disabled = false;
      if (response.status === 202) { location.href = '/runs/' + encodeURIComponent(body.id); return; }
      if (response.status === 422 && body && body.error && body.error.details) {
        showIssues(body.error.details.issues, 'Not run: ' + body.error.details.issues.length + ' problem(s).');
        return;
      }
      showIssues([], errorText(body, response));
    });
  }

  // ---- run: live progress, then the report in place -----------------------------------------------
  async function run() {
    const id = decodeURIComponent(location.pathname.split('/').pop() || '');
    let detail = null;
    let shownReport = null;
    const facts = $('run-facts');
    function fact(term, value) {
      const dt = document.createElement('dt'); dt.textContent = term;
      const dd = document.createElement('dd'); dd.textContent = value;
      facts.append(dt, dd);
    }
    async function showReport() {
      const lang = $('report-lang').value;
      if (shownReport === lang) return;
      const response = await api('/api/runs/' + encodeURIComponent(id) + '/report?lang=' + lang, { headers: { Accept: 'text/html' } });
      if (!response.ok) { notice('The report could not be loaded (' + response.status + ').'); return; }
      const frame = $('report');
      frame.addEventListener('load', () => {
        const doc = frame.contentDocument;
        if (doc && doc.documentElement) frame.style.height = (doc.documentElement.scrollHeight + 24) + 'px';
      }, { once: true });
      frame.srcdoc = await response.text();
      frame.hidden = false;
      shownReport = lang;
    }
    async function poll() {
      const { response, body } = await json('/api/runs/' + encodeURIComponent(id));
      if (!response.ok) { $('run-status').textContent = errorText(body, response); $('run-progress').hidden = true; return; }
      detail = body;
      document.title = body.name + ' — Offtake';
      document.querySelector('h1').textContent = body.name;
      const percent = Math.round(body.progress * 100);
      $('run-status').textContent = body.status === 'running' ? 'Running: ' + percent + '%'
        : body.status === 'queued' ? 'Queued: waiting for a worker.'
        : body.status === 'done' ? 'Done.' : body.status.charAt(0).toUpperCase() + body.status.slice(1) + (body.error ? ': ' + body.error : '.');
      $('run-progress').value = body.progress;
      $('run-progress').hidden = body.status !== 'running' && body.status !== 'queued';
      facts.replaceChildren();
      fact('Scenario', body.scenario);
      fact('Kind', body.kind);
      fact('Paths', grouped(body.paths));
      fact('Seed', String(body.seed));
      fact('Submitted', when(body.created_at));
      if (body.started_at) fact('Started', when(body.started_at));
      if (body.finished_at) fact('Finished', when(body.finished_at));
      if (typeof body.seconds === 'number') fact('Took', body.seconds.toFixed(1) + ' s');
      const live = body.status === 'queued' || body.status === 'running';
      $('run-cancel').hidden = !live;
      $('run-again').hidden = live || body.status === 'done';
      for (const b of ['download-json', 'download-report', 'download-focus']) $(b).hidden = body.status !== 'done';
      if (body.status === 'done') await showReport();
      if (live) setTimeout(poll, 1000);
    }
    $('run-cancel').addEventListener('click', async () => {
      const { response, body } = await json('/api/runs/' + encodeURIComponent(id), { method: 'DELETE' });
      if (!response.ok) notice(errorText(body, response));
      poll();
    });
    $('run-again').addEventListener('click', async () => {
      if (!detail) return;
      const { response, body } = await submit(detail.submission);
      if (response.status === 202) { location.href = '/runs/' + encodeURIComponent(body.id); return; }
      notice(errorText(body, response));
    });
    $('report-lang').addEventListener('change', () => { if (detail && detail.status === 'done') showReport(); });
    $('download-json').addEventListener('click', () => {
      const blob = new Blob([JSON.stringify(detail.result, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a'); a.href = url; a.download = 'offtake-' + id + '.json';
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    });
    $('download-report').addEventListener('click', () => download('/api/runs/' + encodeURIComponent(id) + '/report?lang=' + $('report-lang').value, 'offtake-' + id + '.html'));
    $('download-focus').addEventListener('click', () => download('/api/runs/' + encodeURIComponent(id) + '/export/focus', 'focus-' + id + '.csv'));
    await poll();
  }

  // ---- compare: two runs' verdict lines side by side ----------------------------------------------
  async function compare() {
    const params = new URLSearchParams(location.search);
    $('run-a').value = params.get('a') || '';
    $('run-b').value = params.get('b') || '';
    const status = $('compare-status');
    if (!params.get('a') || !params.get('b')) { status.textContent = 'Give two run ids, or tick two runs on the home page.'; return; }
    const [a, b] = await Promise.all([params.get('a'), params.get('b')].map((id) => json('/api/runs/' + encodeURIComponent(id))));
    for (const [side, r] of [['A', a], ['B', b]]) {
      if (!r.response.ok) { status.textContent = 'Run ' + side + ': ' + errorText(r.body, r.response); return; }
      if (r.body.status !== 'done') { status.textContent = 'Run ' + side + ' is ' + r.body.status + '; compare once both are done.'; return; }
      if (!r.body.result || !Array.isArray(r.body.result.verdict)) { status.textContent = 'Run ' + side + ' is of kind ' + r.body.kind + '; only runs of kind run have verdict lines to compare.'; return; }
    }
    status.textContent = 'A: ' + a.body.name + ' (' + grouped(a.body.paths) + ' paths, seed ' + a.body.seed + '); B: '
      + b.body.name + ' (' + grouped(b.body.paths) + ' paths, seed ' + b.body.seed + ').';
    // Standard error of a line from its 95 % interval (a deterministic run has none).
    const se = (v) => Array.isArray(v.ci95) && v.ci95.length === 2 ? (v.ci95[1] - v.ci95[0]) / 3.92 : null;
    const lines = new Map();
    for (const v of a.body.result.verdict) lines.set(v.id + '/' + v.statistic, { label: v.label, kind: v.kind, a: v.value, seA: se(v) });
    for (const v of b.body.result.verdict) {
      const key = v.id + '/' + v.statistic;
      const line = lines.get(key) || { label: v.label, kind: v.kind };
      line.b = v.value;
      line.seB = se(v);
      lines.set(key, line);
    }
    const tbody = $('compare-table').querySelector('tbody');
    tbody.replaceChildren();
    for (const line of lines.values()) {
      const tr = document.createElement('tr');
      const th = document.createElement('th'); th.scope = 'row'; th.textContent = line.label; tr.appendChild(th);
      cell(tr, line.a === undefined ? '—' : format(line.a, line.kind)).className = 'number';
      cell(tr, line.b === undefined ? '—' : format(line.b, line.kind)).className = 'number';
      const both = typeof line.a === 'number' && typeof line.b === 'number';
      // Independent runs: the difference's standard error combines both (± 1.96 of it shown).
      const spread = both && line.seA !== null && line.seB !== null ? 1.96 * Math.hypot(line.seA, line.seB) : null;
      cell(tr, both ? difference(line.b - line.a, line.kind) + (spread ? ' \u00b1 ' + format(spread, line.kind) : '') : '—').className = 'number';
      tbody.appendChild(tr);
    }
    $('compare-table').hidden = false;
  }

  const screens = { home, editor, run, compare };
  if (screens[page]) screens[page]().catch((error) => notice('Something went wrong: ' + error.message));
})();
"""#

    static let styleSheet = #"""
:root { color-scheme: light; --accent: #0072B2; --muted: #5a5a5a; --line: #d6d6d6; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
header.top { display: flex; gap: 24px; align-items: baseline; padding: 12px 24px; border-bottom: 2px solid var(--accent); }
header.top .brand { font-weight: 700; font-size: 20px; color: var(--accent); text-decoration: none; }
header.top nav { display: flex; gap: 16px; flex-wrap: wrap; }
main { max-width: 1040px; margin: 0 auto; padding: 8px 24px 48px; }
h1 { font-size: 26px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid var(--line); }
.lead { color: var(--muted); font-size: 17px; }
a { color: #005a8c; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
.cards li { border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
.cards h3 { margin: 0 0 4px; font-size: 16px; word-break: break-word; } .cards p { margin: 0 0 8px; color: var(--muted); }
.buttons { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
button { font: inherit; padding: 6px 14px; border: 1px solid #8a8a8a; border-radius: 4px; background: #f4f4f4; cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
button.link { border: 0; background: none; padding: 0; color: #005a8c; text-decoration: underline; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; word-break: break-word; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
label { font-weight: 600; }
.row { display: flex; gap: 8px 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
textarea { width: 100%; font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; padding: 8px; border: 1px solid #8a8a8a; border-radius: 4px; margin-top: 4px; }
input, select { font: inherit; padding: 4px 6px; border: 1px solid #8a8a8a; border-radius: 4px; max-width: 100%; }
input[type=number] { width: 9em; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; }
#issues li { margin: 4px 0; }
progress { width: 100%; height: 14px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; }
iframe#report { width: 100%; min-height: 600px; border: 1px solid var(--line); border-radius: 6px; margin-top: 12px; }
.notice { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); background: #fff3cd; border: 1px solid #E69F00; padding: 8px 16px; border-radius: 4px; max-width: 90vw; }
dialog { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; max-width: 420px; }
dialog input { width: 100%; margin: 6px 0 10px; }
"""#
}
