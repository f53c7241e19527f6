/// The page's one script and one style sheet, served from `/assets/` (the Content-Security-Policy
/// allows scripts from the server itself only). The script writes every value from the API with
/// `textContent` — never `innerHTML` — and shows the HTML report inside a sandboxed frame that may not
/// run scripts.
///
/// The script carries the page's words in both languages (``WebText``, as JSON) and shows the one
/// chosen with the header's switch or `?lang=en|fr`, remembered in `localStorage`: labels, statuses,
/// messages, numbers (as the report's `NumberFormat`: `1,234.5` / `1 234,5`, `$4.80B` / `4,80 Md$`) and
/// dates (`Intl.DateTimeFormat` of `en-GB` or `fr-FR`), and the report in the same language. When a
/// screen has finished loading it sets `data-ready` on `<body>` (what the browser check waits for).
enum WebAssets {
    /// The script's and the style sheet's names under `/assets/`: the only assets, served without a
    /// token (the page needs them to ask for it). Named by their content (``ContentHash``), so that a
    /// browser may keep them for a year and still never run an old script with a new page.
    static let scriptFile = "app-" + ContentHash.hex(script.utf8) + ".js"
    static let styleSheetFile = "app-" + ContentHash.hex(styleSheet.utf8) + ".css"
    static let files: Set<String> = [scriptFile, styleSheetFile]

    static let script = #"""
'use strict';
(() => {
  const TEXT = \#(WebText.json());
  const TOKEN_KEY = 'offtake.token', LANG_KEY = 'offtake.lang';
  const $ = (id) => document.getElementById(id);
  const page = document.body.dataset.page;

  // ---- language: chosen once (the switch, or ?lang=), remembered in localStorage ----------------
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'fr') localStorage.setItem(LANG_KEY, asked);
  const stored = localStorage.getItem(LANG_KEY);
  const lang = stored === 'fr' || stored === 'en' ? stored : ((navigator.language || '').toLowerCase().startsWith('fr') ? 'fr' : 'en');
  const WORDS = TEXT[lang];
  // The web text `key` with its {placeholders} filled.
  function t(key, values = {}) {
    const text = WORDS[key] !== undefined ? WORDS[key] : TEXT.en[key];
    if (text === undefined) throw new Error('no web text ' + key);
    return text.replace(/\{(\w+)\}/g, (_, name) => (values[name] !== undefined ? String(values[name]) : '{' + name + '}'));
  }
  // The web text `key` into `element`, placeholders named in `raw` as data (translate="no").
  function put(element, key, values, raw) {
    element.replaceChildren();
    const template = WORDS[key] !== undefined ? WORDS[key] : TEXT.en[key];
    for (const part of template.split(/(\{\w+\})/)) {
      const name = /^\{(\w+)\}$/.exec(part);
      if (!name) { element.append(part); continue; }
      const value = values[name[1]] !== undefined ? String(values[name[1]]) : part;
      if (raw.includes(name[1])) { const span = document.createElement('span'); span.setAttribute('translate', 'no'); span.textContent = value; element.append(span); }
      else element.append(value);
    }
  }
  function translate(root) {
    document.documentElement.lang = lang;
    for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
    for (const name of ['aria-label', 'placeholder', 'title']) {
      for (const el of root.querySelectorAll('[data-t-' + name + ']')) el.setAttribute(name, t(el.getAttribute('data-t-' + name)));
    }
    const other = lang === 'fr' ? 'en' : 'fr';
    $('lang-switch').lang = other;
    $('lang-switch').addEventListener('click', () => {
      localStorage.setItem(LANG_KEY, other);
      const params = new URLSearchParams(location.search);
      params.delete('lang');
      const query = params.toString();
      location.href = location.pathname + (query ? '?' + query : '');
    });
  }
  translate(document);

  // ---- the API, with the token asked when the server wants one ----------------------------------
  let tokenPromise = null;
  function askToken(refused) {
    if (tokenPromise) return tokenPromise;
    tokenPromise = new Promise((resolve) => {
      const dialog = $('token-dialog');
      $('token-error').hidden = !refused;
      $('token-form').addEventListener('submit', () => {
        sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
        $('token-input').value = '';
        tokenPromise = null;
        resolve();
      }, { once: true });
      dialog.showModal();
      $('token-input').focus();
    });
    return tokenPromise;
  }

  async function api(path, options = {}) {
    for (;;) {
      const headers = new Headers(options.headers || {});
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) headers.set('Authorization', 'Bearer ' + token);
      if (!headers.has('Accept')) headers.set('Accept', 'application/json');
      const response = await fetch(path, { ...options, headers });
      if (response.status !== 401) return response;
      // A token was sent and refused: say so, rather than just asking again.
      sessionStorage.removeItem(TOKEN_KEY);
      await askToken(Boolean(token));
    }
  }

  async function json(path, options) {
    const response = await api(path, options);
    const body = await response.json().catch(() => null);
    return { response, body };
  }

  function errorText(body, response) {
    if (body && body.error && body.error.message) return body.error.message;
    return t('error.status', { status: response.status });
  }

  function notice(text) {
    const p = $('notice');
    p.textContent = text;
    p.hidden = !text;
  }

  // ---- numbers and dates in the chosen language (as the report's NumberFormat) ---------------------
  const MINUS = '\u2212', NNBSP = '\u202f';
  const FR = lang === 'fr';
  function decimal(x, digits) {
    if (!isFinite(x)) return isNaN(x) ? (FR ? 'n.d.' : 'n/a') : (x > 0 ? '\u221e' : MINUS + '\u221e');
    const text = Math.abs(x).toFixed(digits);
    const [whole, fraction] = text.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, FR ? NNBSP : ',');
    const zero = /^[0.]*$/.test(text);
    return (x < 0 && !zero ? MINUS : '') + grouped + (fraction ? (FR ? ',' : '.') + fraction : '');
  }
  function integer(n) { return decimal(Math.round(n), 0); }
  function percent(x) { return decimal(x * 100, Math.abs(x) < 0.001 && x !== 0 ? 3 : 1) + (FR ? NNBSP : '') + '%'; }
  function money(x) {
    if (!isFinite(x)) return decimal(x, 0);
    const a = Math.abs(x);
    let value = a, suffix = '';
    if (a >= 1e12 && !FR) { value = a / 1e12; suffix = 'T'; }
    else if (a >= 1e9) { value = a / 1e9; suffix = FR ? 'Md' : 'B'; }
    else if (a >= 1e6) { value = a / 1e6; suffix = 'M'; }
    else if (a >= 1e3) { value = a / 1e3; suffix = FR ? 'k' : 'K'; }
    const number = decimal(value, value >= 100 ? 0 : value >= 10 ? 1 : 2);
    const sign = x < 0 && number.replace(/[0.,]/g, '') !== '' ? MINUS : '';
    return FR ? sign + number + NNBSP + suffix + '$' : sign + '$' + number + suffix;
  }
  function format(value, kind) {
    if (typeof value !== 'number') return String(value);
    switch (kind) {
      case 'probability': case 'share': return percent(value);
      case 'money': case 'usd_per_mw_month': return money(value);
      case 'multiple': return decimal(value, 2) + (FR ? NNBSP : '') + '\u00d7';
      case 'index': return decimal(value, 3);
      default: return integer(value);
    }
  }
  function difference(value, kind) { return (value > 0 ? '+' : '') + format(value, kind); }
  const dates = new Intl.DateTimeFormat(FR ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  function when(iso) { return iso ? dates.format(new Date(iso)) : '\u2014'; }
  function status(run) {
    return run.status === 'interrupted' ? t('status.interruptedAt', { percent: percent(run.progress) }) : t('status.' + run.status);
  }

  function el(name, text, className) {
    const e = document.createElement(name);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }
  // Data from the API (names, summaries, the server's messages) is not translated.
  function data(e) { e.setAttribute('translate', 'no'); return e; }
  function cell(row, text, className) { const td = el('td', text, className); row.appendChild(td); return td; }
  function link(href, text) { const a = el('a', text); a.href = href; return a; }
  function button(text, label) { const b = el('button', text); b.type = 'button'; if (label) b.setAttribute('aria-label', label); return b; }
  function lines(id) { return $(id).value.split('\n').map((l) => l.trim()).filter((l) => l); }

  async function download(path, name) {
    const response = await api(path, { headers: { Accept: '*/*' } });
    if (!response.ok) { notice(t('run.downloadFailed', { status: response.status })); return; }
    save(await response.blob(), name);
  }
  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a');
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function submit(submission) {
    return json('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(submission) });
  }

  // ---- home: built-in scenarios and recent runs, filtered; hide or cancel -----------------------------
  async function home() {
    const list = $('scenarios');
    const { response, body } = await json('/api/scenarios');
    if (!response.ok) { notice(errorText(body, response)); return; }
    for (const s of body.scenarios) {
      const li = el('li');
      const h = el('h3');
      h.appendChild(data(el('span', s.name)));
      if (s.default) h.appendChild(el('span', ' (' + t('home.default') + ')', 'muted'));
      li.appendChild(h);
      li.appendChild(data(el('p', s.summary)));
      const buttons = el('div', undefined, 'buttons');
      buttons.appendChild(link('/editor?scenario=' + encodeURIComponent(s.name), t('home.open')));
      const run = button(t('home.run'), t('home.runNamed', { name: s.name }));
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

    const runs = [];
    let total = 0;
    const chosen = [];
    const tbody = $('runs').querySelector('tbody');
    const compare = $('compare-selected');
    compare.addEventListener('click', () => {
      if (chosen.length === 2) location.href = '/compare?a=' + encodeURIComponent(chosen[0]) + '&b=' + encodeURIComponent(chosen[1]);
    });
    function row(r) {
      const tr = el('tr');
      const pick = el('input');
      pick.type = 'checkbox'; pick.value = r.id; pick.checked = chosen.includes(r.id);
      pick.setAttribute('aria-label', t('home.pick', { name: r.name }));
      pick.addEventListener('change', () => {
        if (pick.checked) chosen.push(r.id); else chosen.splice(chosen.indexOf(r.id), 1);
        while (chosen.length > 2) {
          const dropped = chosen.shift();
          for (const box of tbody.querySelectorAll('input[type=checkbox]')) if (box.value === dropped) box.checked = false;
        }
        compare.disabled = chosen.length !== 2;
      });
      cell(tr, '').appendChild(pick);
      const name = link('/runs/' + encodeURIComponent(r.id), r.name);
      name.title = r.name;
      cell(tr, '', 'name').appendChild(data(name));
      const scenario = data(cell(tr, r.scenario, 'name'));
      scenario.title = r.scenario;
      cell(tr, t('kind.' + r.kind));
      cell(tr, status(r), 'status-' + r.status);
      cell(tr, decimal(r.progress * 100, 0) + (FR ? NNBSP : '') + '%', 'number');
      cell(tr, integer(r.paths), 'number');
      cell(tr, when(r.created_at), 'date');
      const actions = cell(tr, '', 'actions');
      if (r.status === 'queued' || r.status === 'running') {
        const cancel = button(t('home.cancel'), t('home.cancelNamed', { name: r.name }));
        cancel.addEventListener('click', async () => {
          const { response, body } = await json('/api/runs/' + encodeURIComponent(r.id) + '/cancel', { method: 'POST' });
          if (!response.ok) { notice(errorText(body, response)); return; }
          Object.assign(r, body);
          draw();
        });
        actions.appendChild(cancel);
      } else {
        const remove = button(t('home.delete'), t('home.deleteNamed', { name: r.name }));
        remove.addEventListener('click', async () => {
          if (!confirm(t('home.deleteConfirm', { name: r.name }))) return;
          const { response, body } = await json('/api/runs/' + encodeURIComponent(r.id), { method: 'DELETE' });
          if (!response.ok && response.status !== 404) { notice(errorText(body, response)); return; }
          runs.splice(runs.indexOf(r), 1);
          total = Math.max(0, total - 1);
          const at = chosen.indexOf(r.id);
          if (at >= 0) chosen.splice(at, 1);
          compare.disabled = chosen.length !== 2;
          draw();
        });
        actions.appendChild(remove);
      }
      return tr;
    }
    function draw() {
      const text = $('filter-text').value.trim().toLowerCase();
      const kind = $('filter-kind').value, state = $('filter-status').value;
      const shown = runs.filter((r) => (!kind || r.kind === kind) && (!state || r.status === state)
        && (!text || r.name.toLowerCase().includes(text) || r.scenario.toLowerCase().includes(text)));
      tbody.replaceChildren(...shown.map(row));
      $('runs-shown').textContent = total > 0 ? t('home.shown', { shown: shown.length, loaded: runs.length, total }) : '';
      $('runs-empty').hidden = total > 0;
    }
    for (const id of ['filter-text', 'filter-kind', 'filter-status']) $(id).addEventListener('input', draw);
    async function more() {
      const { response, body } = await json('/api/runs?limit=100&offset=' + runs.length);
      if (!response.ok) { notice(errorText(body, response)); return; }
      runs.push(...body.runs);
      total = body.total;
      $('runs-more').hidden = runs.length >= total;
      draw();
    }
    $('runs-more').addEventListener('click', more);
    await more();
  }

  // ---- editor: validate (every problem with its line); run any kind with the fields it needs ------------
  // The names under `stresses:` of a YAML scenario (two-space indented keys), or those of a JSON one.
  function stressNames(text) {
    try { const parsed = JSON.parse(text); return Object.keys((parsed && parsed.stresses) || {}); } catch (_) { /* YAML */ }
    const names = [];
    let inside = false;
    for (const line of text.split('\n')) {
      if (/^stresses:\s*(#.*)?$/.test(line)) { inside = true; continue; }
      if (inside && /^\S/.test(line)) break;
      const m = inside && /^ {2}([A-Za-z0-9_.-]+):/.exec(line);
      if (m) names.push(m[1]);
    }
    return names;
  }
  function hasDecisions(text) { return /^decisions:/m.test(text) || /"decisions"\s*:/.test(text); }

  async function editor() {
    const text = $('scenario-text');
    const select = $('builtin');
    const { response, body } = await json('/api/scenarios');
    if (response.ok) {
      for (const s of body.scenarios) {
        const option = data(el('option', s.name + ' \u2014 ' + s.summary));
        option.value = s.name;
        select.appendChild(option);
        const other = data(el('option', s.name));
        other.value = s.name;
        $('compare-to').appendChild(other);
      }
    }
    const kind = $('kind');
    function fields() {
      const names = stressNames(text.value);
      const stressOption = kind.querySelector('option[value=stress]');
      stressOption.disabled = names.length === 0;
      if (stressOption.disabled && kind.value === 'stress') kind.value = 'run';
      const stress = $('stress');
      const keep = stress.value;
      stress.replaceChildren(stress.firstElementChild);
      const box = $('stresses');
      box.replaceChildren(box.querySelector('legend'));
      for (const name of names) {
        const option = data(el('option', name)); option.value = name; stress.appendChild(option);
        const label = data(el('label', undefined, 'check'));
        const check = el('input'); check.type = 'checkbox'; check.value = name;
        label.append(check, ' ' + name);
        box.appendChild(label);
      }
      if (names.includes(keep)) stress.value = keep;
      if (names.length === 0) box.appendChild(el('p', t('editor.noStress'), 'muted'));
      for (const f of document.querySelectorAll('[data-kind]')) f.hidden = f.dataset.kind !== kind.value;
      $('kind-help').textContent = t('editor.kindHelp.' + kind.value);
    }
    kind.addEventListener('change', fields);
    text.addEventListener('change', fields);
    async function load(name) {
      const { response, body } = await json('/api/scenarios/' + encodeURIComponent(name));
      if (!response.ok) { notice(errorText(body, response)); return; }
      text.value = body.text;
      select.value = name;
      showIssues(null);
      fields();
    }
    select.addEventListener('change', () => { if (select.value) load(select.value); });
    const wanted = new URLSearchParams(location.search).get('scenario');
    const first = wanted || ((body && body.scenarios.find((s) => s.default)) || {}).name;
    if (first) await load(first); else fields();

    function goTo(line, column) {
      const all = text.value.split('\n');
      let offset = 0;
      for (let i = 0; i < Math.min(line - 1, all.length); i++) offset += all[i].length + 1;
      offset += Math.max(0, (column || 1) - 1);
      text.focus();
      text.setSelectionRange(offset, offset);
      const lineHeight = text.scrollHeight / Math.max(1, all.length);
      text.scrollTop = Math.max(0, (line - 5) * lineHeight);
    }

    function showIssues(issues, message) {
      const list = $('issues');
      list.replaceChildren();
      if (issues === null) { $('issues-status').textContent = t('editor.notValidated'); return; }
      $('issues-status').textContent = message || (issues.length === 0 ? t('editor.valid')
        : issues.length === 1 ? t('editor.oneProblem') : t('editor.problemsCount', { count: issues.length }));
      for (const issue of issues) {
        const li = el('li');
        const where = (issue.line ? t('editor.line', { line: issue.line, column: issue.column || 1 }) + ' ' : '') + (issue.path || '');
        if (issue.line) {
          const b = button(where);
          b.className = 'link';
          b.addEventListener('click', () => goTo(issue.line, issue.column));
          li.appendChild(b);
        } else if (where) {
          li.appendChild(el('strong', where));
        }
        li.appendChild(document.createTextNode(' ' + issue.message + (issue.hint ? ' \u2014 ' + issue.hint : '')));
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

    // The options of the chosen kind only: the API refuses an option of another kind.
    function options() {
      const o = { kind: kind.value };
      if ($('paths').value) o.paths = Number($('paths').value);
      if ($('seed').value) o.seed = Number($('seed').value);
      if (lines('set').length) o.set = lines('set');
      switch (o.kind) {
        case 'run':
          if ($('stress').value) o.stress = $('stress').value;
          break;
        case 'stress': {
          const ticked = [...$('stresses').querySelectorAll('input:checked')].map((c) => c.value);
          if (ticked.length) o.stresses = ticked;
          break;
        }
        case 'sensitivity':
          o.method = $('method').value;
          if (lines('metrics').length) o.metrics = lines('metrics');
          break;
        case 'compare':
          if ($('compare-to').value) o.compare_to = { builtin: $('compare-to').value };
          if (lines('compare-set').length) o.compare_set = lines('compare-set');
          if (!o.compare_to && !o.compare_set) return { problem: t('editor.compareNeeds') };
          break;
        case 'optimize':
          if (lines('decisions').length) o.decisions = lines('decisions');
          else if (!hasDecisions(text.value)) return { problem: t('editor.optimizeNeeds') };
          if ($('objective-metric').value.trim()) o[$('objective').value] = $('objective-metric').value.trim();
          if (lines('constraints').length) o.constraints = lines('constraints');
          break;
      }
      return { options: o };
    }

    $('editor-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const chosen = options();
      if (chosen.problem) { showIssues([], chosen.problem); return; }
      const submission = { scenario: text.value, options: chosen.options };
      if ($('run-name').value.trim()) submission.name = $('run-name').value.trim();
      $('submit-run').disabled = true;
      const { response, body } = await submit(submission);
      $('submit-run').disabled = false;
      if (response.status === 202) { location.href = '/runs/' + encodeURIComponent(body.id); return; }
      if (response.status === 422 && body && body.error && body.error.details) {
        showIssues(body.error.details.issues, t('editor.notRun', { count: body.error.details.issues.length }));
        return;
      }
      showIssues([], errorText(body, response));
    });
  }

  // ---- run: live progress, then the report in place, in the page's language ---------------------------
  async function run() {
    const id = decodeURIComponent(location.pathname.split('/').pop() || '');
    let detail = null;
    let shownReport = false;
    const facts = $('run-facts');
    function fact(term, value, raw) {
      const dd = el('dd', value);
      if (raw) data(dd);
      facts.append(el('dt', t(term)), dd);
    }
    async function showReport() {
      if (shownReport) return;
      shownReport = true;
      const response = await api('/api/runs/' + encodeURIComponent(id) + '/report?lang=' + lang, { headers: { Accept: 'text/html' } });
      if (!response.ok) { notice(t('run.reportFailed', { status: response.status })); return; }
      const frame = $('report');
      frame.addEventListener('load', () => {
        const doc = frame.contentDocument;
        if (doc && doc.documentElement) frame.style.height = (doc.documentElement.scrollHeight + 24) + 'px';
      }, { once: true });
      frame.srcdoc = await response.text();
      frame.hidden = false;
    }
    async function poll() {
      const { response, body } = await json('/api/runs/' + encodeURIComponent(id));
      if (!response.ok) { data($('run-status')).textContent = errorText(body, response); $('run-progress').hidden = true; return; }
      detail = body;
      document.title = body.name + ' \u2014 Offtake';
      data(document.querySelector('h1')).textContent = body.name;
      const p = percent(body.progress);
      const statusLine = $('run-status');
      statusLine.removeAttribute('translate');
      switch (body.status) {
        case 'running': statusLine.textContent = t('run.running', { percent: p }); break;
        case 'queued': statusLine.textContent = t('run.queued'); break;
        case 'done': statusLine.textContent = t('run.done'); break;
        case 'cancelled': statusLine.textContent = t('run.cancelledStatus'); break;
        case 'interrupted': statusLine.textContent = t('run.interrupted', { percent: p }); break;
        default: put(statusLine, 'run.failed', { error: body.error || '' }, ['error']);
      }
      $('run-progress').value = body.progress;
      $('run-progress').hidden = body.status === 'done' || body.status === 'failed';
      facts.replaceChildren();
      fact('fact.scenario', body.scenario, true);
      fact('fact.kind', t('kind.' + body.kind));
      fact('fact.paths', integer(body.paths));
      fact('fact.seed', String(body.seed));
      const set = (body.options && body.options.set) || [];
      if (set.length) fact('fact.overrides', set.join('; '), true);
      fact('fact.submitted', when(body.created_at));
      if (body.started_at) fact('fact.started', when(body.started_at));
      if (body.status !== 'done' && body.status !== 'queued') fact('fact.reached', percent(body.progress));
      const ended = { done: 'fact.finished', interrupted: 'fact.stopped', cancelled: 'fact.cancelledAt', failed: 'fact.failedAt' }[body.status];
      if (body.finished_at && ended) fact(ended, when(body.finished_at));
      if (typeof body.seconds === 'number' && body.status === 'done') fact('fact.took', t('fact.seconds', { seconds: decimal(body.seconds, 1) }));
      const live = body.status === 'queued' || body.status === 'running';
      $('run-cancel').hidden = !live;
      $('run-again').hidden = live || body.status === 'done';
      for (const b of ['download-json', 'download-report', 'download-focus']) $(b).hidden = body.status !== 'done';
      if (body.status === 'done') await showReport();
      if (live) setTimeout(() => poll().catch(fail), 1000);
    }
    $('run-cancel').addEventListener('click', async () => {
      const { response, body } = await json('/api/runs/' + encodeURIComponent(id) + '/cancel', { method: 'POST' });
      if (!response.ok) notice(errorText(body, response));
      poll();
    });
    $('run-again').addEventListener('click', async () => {
      if (!detail) return;
      const { response, body } = await submit(detail.submission);
      if (response.status === 202) { location.href = '/runs/' + encodeURIComponent(body.id); return; }
      notice(errorText(body, response));
    });
    $('download-json').addEventListener('click', () => {
      save(new Blob([JSON.stringify(detail.result, null, 2)], { type: 'application/json' }), 'offtake-' + id + '.json');
    });
    $('download-report').addEventListener('click', () => download('/api/runs/' + encodeURIComponent(id) + '/report?lang=' + lang, 'offtake-' + id + '.html'));
    $('download-focus').addEventListener('click', () => download('/api/runs/' + encodeURIComponent(id) + '/export/focus', 'focus-' + id + '.csv'));
    await poll();
  }

  // ---- compare: two runs' verdict lines; paired differences when they share seed and paths -----------
  // A run of kind compare made from two runs' submissions: A's scenario and overrides, B's as
  // compare_to and compare_set, on the seed and paths both used (null when one ran under a stress).
  function pairing(a, b) {
    const sa = a.submission || {}, sb = b.submission || {};
    const oa = sa.options || {}, ob = sb.options || {};
    if (oa.stress || ob.stress) return null;
    const options = { kind: 'compare', paths: a.paths, seed: a.seed };
    if (oa.set && oa.set.length) options.set = oa.set;
    options.compare_to = sb.scenario !== undefined ? { scenario: sb.scenario } : { builtin: sb.builtin || b.scenario };
    if (ob.set && ob.set.length) options.compare_set = ob.set;
    const submission = { name: t('compare.pairedRun') + ': ' + a.name + ' / ' + b.name, options };
    if (sa.scenario !== undefined) submission.scenario = sa.scenario; else submission.builtin = sa.builtin || a.scenario;
    return submission;
  }
  // Equal as JSON documents, whatever the order of their keys.
  function canonical(x) {
    if (Array.isArray(x)) return x.map(canonical);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonical(x[k])]));
    return x;
  }
  const same = (x, y) => JSON.stringify(canonical(x)) === JSON.stringify(canonical(y));

  async function compare() {
    const params = new URLSearchParams(location.search);
    $('run-a').value = params.get('a') || '';
    $('run-b').value = params.get('b') || '';
    const status = $('compare-status');
    if (!params.get('a') || !params.get('b')) { status.textContent = t('compare.give'); return; }
    const [a, b] = await Promise.all([params.get('a'), params.get('b')].map((id) => json('/api/runs/' + encodeURIComponent(id))));
    for (const [side, r] of [['A', a], ['B', b]]) {
      if (!r.response.ok) { data(status).textContent = side + ': ' + errorText(r.body, r.response); return; }
      if (r.body.status !== 'done') { status.textContent = t('compare.notDone', { side, status: t('status.' + r.body.status) }); return; }
      if (!r.body.result || !Array.isArray(r.body.result.verdict)) { status.textContent = t('compare.notRun', { side, kind: t('kind.' + r.body.kind) }); return; }
    }
    put(status, 'compare.sides', { a: a.body.name, b: b.body.name, pathsA: integer(a.body.paths), pathsB: integer(b.body.paths), seedA: a.body.seed, seedB: b.body.seed }, ['a', 'b']);
    // Standard error of a line from its 95 % interval (a deterministic run has none).
    const se = (v) => Array.isArray(v.ci95) && v.ci95.length === 2 ? (v.ci95[1] - v.ci95[0]) / (2 * 1.959964) : null;
    const lines = new Map();
    for (const v of a.body.result.verdict) lines.set(v.id + '/' + v.statistic, { id: v.id, statistic: v.statistic, label: v.label, kind: v.kind, a: v.value, seA: se(v) });
    for (const v of b.body.result.verdict) {
      const key = v.id + '/' + v.statistic;
      const line = lines.get(key) || { id: v.id, statistic: v.statistic, label: v.label, kind: v.kind };
      line.b = v.value;
      line.seB = se(v);
      lines.set(key, line);
    }
    // paired: Map of id/statistic → {difference, standardError} from a compare run, or null.
    function draw(paired, caption) {
      const tbody = $('compare-table').querySelector('tbody');
      tbody.replaceChildren();
      $('compare-difference').textContent = t(paired ? 'compare.paired' : 'compare.independent');
      if (Array.isArray(caption)) put($('compare-caption'), ...caption); else $('compare-caption').textContent = caption;
      for (const line of lines.values()) {
        const tr = el('tr');
        const th = data(el('th', line.label)); th.scope = 'row'; tr.appendChild(th);
        cell(tr, line.a === undefined ? '\u2014' : format(line.a, line.kind), 'number');
        cell(tr, line.b === undefined ? '\u2014' : format(line.b, line.kind), 'number');
        const both = typeof line.a === 'number' && typeof line.b === 'number';
        let text = '\u2014';
        const p = paired && paired.get(line.id + '/' + line.statistic);
        if (p) {
          text = difference(p.difference, line.kind) + (typeof p.standardError === 'number' ? ' \u00b1 ' + format(1.959964 * p.standardError, line.kind) : '');
        } else if (both) {
          // Independent runs: the difference's standard error combines both.
          const spread = line.seA !== null && line.seB !== null ? 1.959964 * Math.hypot(line.seA, line.seB) : null;
          text = difference(line.b - line.a, line.kind) + (spread ? ' \u00b1 ' + format(spread, line.kind) : '');
        }
        cell(tr, text, 'number');
        tbody.appendChild(tr);
      }
      $('compare-table').hidden = false;
    }
    const shared = a.body.seed === b.body.seed && a.body.paths === b.body.paths;
    if (!shared) { draw(null, t('compare.captionIndependent')); return; }
    if (a.body.id === b.body.id) {
      draw(new Map([...lines.values()].map((l) => [l.id + '/' + l.statistic, { difference: 0, standardError: 0 }])), t('compare.captionSame'));
      return;
    }
    const wanted = pairing(a.body, b.body);
    if (!wanted) { draw(null, t('compare.notPairable')); return; }
    // The compare run: the one named in the address, else one already submitted with the same options.
    // Loading the page never submits one: the button does (a POST), and its id then goes into the
    // address, so a reload finds it again.
    let pairedId = params.get('paired');
    if (!pairedId) {
      const { response, body } = await json('/api/runs?limit=100');
      const found = response.ok && body.runs.find((r) => r.kind === 'compare' && r.status !== 'failed' && r.status !== 'cancelled' && r.status !== 'interrupted'
        && r.seed === a.body.seed && r.paths === a.body.paths);
      if (found) {
        const { response: r2, body: d } = await json('/api/runs/' + encodeURIComponent(found.id));
        if (r2.ok && same(d.options, wanted.options) && same(d.submission.scenario, wanted.scenario) && same(d.submission.builtin, wanted.builtin)) pairedId = found.id;
      }
    }
    if (!pairedId) {
      draw(null, t('compare.pairable'));
      const pair = $('compare-pair');
      pair.hidden = false;
      document.body.dataset.ready = 'true';
      await new Promise((resolve) => pair.addEventListener('click', resolve, { once: true }));
      pair.disabled = true;
      const { response, body } = await submit(wanted);
      pair.hidden = true;
      if (response.status !== 202) { draw(null, ['compare.pairingFailed', { error: errorText(body, response) }, ['error']]); return; }
      pairedId = body.id;
    }
    draw(null, t('compare.pairing', { percent: percent(0) }));
    params.set('paired', pairedId);
    history.replaceState(null, '', location.pathname + '?' + params.toString());
    for (;;) {
      const { response, body } = await json('/api/runs/' + encodeURIComponent(pairedId));
      if (!response.ok) { draw(null, ['compare.pairingFailed', { error: errorText(body, response) }, ['error']]); return; }
      if (body.status === 'done' && body.result && Array.isArray(body.result.verdict)) {
        draw(new Map(body.result.verdict.map((r) => [r.id + '/' + r.statistic, r])), t('compare.captionPaired'));
        return;
      }
      if (body.status !== 'queued' && body.status !== 'running') {
        draw(null, ['compare.pairingFailed', { error: body.error || t('status.' + body.status) }, ['error']]);
        return;
      }
      draw(null, t('compare.pairing', { percent: percent(body.progress) }));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  function fail(error) { notice(t('error.unexpected', { error: error.message })); }
  const screens = { home, editor, run, compare };
  if (screens[page]) {
    screens[page]().catch(fail).finally(() => { document.body.dataset.ready = 'true'; });
  }
})();
"""#

    static let styleSheet = #"""
:root { color-scheme: light; --accent: #0072B2; --muted: #5a5a5a; --line: #d6d6d6; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
header.top { display: flex; gap: 8px 24px; align-items: baseline; flex-wrap: wrap; padding: 12px 24px; border-bottom: 2px solid var(--accent); }
header.top .brand { font-weight: 700; font-size: 20px; color: var(--accent); text-decoration: none; }
header.top nav { display: flex; gap: 4px 16px; flex-wrap: wrap; }
header.top .lang { margin-left: auto; padding: 2px 10px; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 24px 48px; }
h1 { font-size: 26px; overflow-wrap: anywhere; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid var(--line); }
.lead { color: var(--muted); font-size: 17px; }
.muted { color: var(--muted); }
.error { color: #a3260b; font-weight: 600; }
a { color: #005a8c; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(280px, 100%), 1fr)); gap: 12px; }
.cards li { border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
.cards h3 { margin: 0 0 4px; font-size: 16px; overflow-wrap: anywhere; } .cards p { margin: 0 0 8px; color: var(--muted); }
.buttons { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
button { font: inherit; padding: 6px 14px; border: 1px solid #8a8a8a; border-radius: 4px; background: #f4f4f4; cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
button.link { border: 0; background: none; padding: 0; color: #005a8c; text-decoration: underline; font-weight: 600; }
td.actions button { padding: 2px 8px; font-size: 13px; }
.scroll { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th.number, td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; }
/* A long run or scenario name is cut with an ellipsis; the whole name is its tooltip. */
td.name { max-width: 14em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
td.name a { display: block; overflow: hidden; text-overflow: ellipsis; }
td.status-failed, td.status-interrupted { color: #a3260b; }
label { font-weight: 600; }
label.check { font-weight: normal; margin-right: 16px; white-space: nowrap; }
.row { display: flex; gap: 8px 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.field { margin: 10px 0; } .field > label { display: block; }
textarea { width: 100%; font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; padding: 8px; border: 1px solid #8a8a8a; border-radius: 4px; margin-top: 4px; }
input, select { font: inherit; padding: 4px 6px; border: 1px solid #8a8a8a; border-radius: 4px; max-width: 100%; }
input[type=number] { width: 9em; } input.wide { flex: 1 1 16em; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; min-width: 0; }
#issues li { margin: 4px 0; overflow-wrap: anywhere; }
progress { width: 100%; height: 14px; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
iframe#report { width: 100%; min-height: 600px; border: 1px solid var(--line); border-radius: 6px; margin-top: 12px; }
.notice { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); background: #fff3cd; border: 1px solid #E69F00; padding: 8px 16px; border-radius: 4px; max-width: 90vw; overflow-wrap: anywhere; }
dialog { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; max-width: min(420px, 92vw); }
dialog input { width: 100%; margin: 6px 0 10px; }
@media (max-width: 600px) { header.top { padding: 10px 12px; } main { padding: 8px 12px 48px; } .facts { grid-template-columns: 1fr; } .facts dd { margin-bottom: 6px; } }
"""#
}
