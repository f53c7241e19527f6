#!/usr/bin/env python3
"""Loads pages of `offtake serve` in headless Chromium, as a reader would, and fails on what a reader
would notice.

For each URL, in each language (`?lang=en`, `?lang=fr`) and at each width (1200 px, and 390 px for a
phone), it waits until the page's script marks the screen ready (`<body data-ready>`) and the report
frame, if any, has loaded, then fails on:

- any console message (an error, a warning, a Content-Security-Policy violation, a failed load) or an
  uncaught exception;
- a horizontal overflow: the page (or the report inside its frame) wider than the window;
- in French, any word of ENGLISH below found in the page's visible text and its own labels (the report
  frame's included), outside elements marked `translate="no"` (data: scenario names, run labels, the
  server's messages, the scenario's sources) and identifiers such as `contract.c.paid_in_full`.

It talks to Chromium over `--remote-debugging-pipe` (the DevTools protocol on file descriptors 3 and 4),
so it needs nothing but Python 3 and Chromium.

usage: scripts/page-check.py URL [URL...]      env: CHROMIUM (default: chromium)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# Words of the page's English that have no place in its French text (whole words, case-insensitive).
ENGLISH = """run runs running queued done failed cancelled interrupted submitted started finished stopped
the and with from of to for in on at by or not no yes only this that these those which when where
scenario scenarios editor compare comparison paths seed label kind status progress name home problems
validate cancel hide show download result loading waiting older default built-in overrides
stresses sensitivity optimize decisions constraints objective maximize minimize method
metrics metric tornado independent paired difference line token continue skip content filter
any all none give tick two newest first open read english share paid full probability mean
median percentile npv value values provider buyer contract chart distribution assumptions""".split()
WIDTHS = (1200, 390)


class Browser:
    def __init__(self):
        browser = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
        if not browser:
            sys.exit("page-check: chromium is not installed (apt-get install -y chromium)")
        self.profile = tempfile.mkdtemp()
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        def fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The dead proxy
        # makes any request beyond the loopback server a failed load.
        self.process = subprocess.Popen(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-pipe", "--user-data-dir=" + self.profile,
             "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)
        raise TimeoutError(method)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


# Run in the page once it is ready: overflow and the visible text, outside translate="no", of the page
# and of the report frame (same origin: its sandbox allows that, not scripts).
MEASURE = r"""
(() => {
  function text(doc) {
    const clone = doc.body.cloneNode(true);
    // Left out: data, a switch to another language (in that language), what is not shown.
    for (const e of clone.querySelectorAll('[translate=no], [lang]:not([lang=fr]), script, style, iframe, [hidden], dialog:not([open])')) e.remove();
    // The page's own attribute texts (those composed with a run's name are data).
    for (const a of ['aria-label', 'placeholder', 'title']) {
      for (const e of clone.querySelectorAll('[data-t-' + a + ']')) e.append(' ' + e.getAttribute(a) + ' ');
    }
    return clone.textContent;
  }
  function overflow(doc, win) {
    const width = doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
    if (width <= 1) return null;
    const wide = [...doc.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > doc.documentElement.clientWidth + 1)
      .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className : ''));
    return width + ' px too wide: ' + wide.join(', ');
  }
  const out = { ready: document.body.dataset.ready === 'true', text: text(document), overflow: overflow(document, window), frame: null };
  const frame = document.getElementById('report');
  if (frame && !frame.hidden) {
    const doc = frame.contentDocument;
    if (!doc || doc.readyState !== 'complete' || !doc.body || !doc.body.childElementCount) { out.ready = false; return JSON.stringify(out); }
    out.frame = { text: text(doc), overflow: overflow(doc, frame.contentWindow) };
  }
  return JSON.stringify(out);
})()
"""


def check(browser, url, width, lang):
    problems = []
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
        browser.send(domain, session=session)
    browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}, session=session)
    browser.events.clear()
    separator = "&" if "?" in url else "?"
    browser.send("Page.navigate", {"url": f"{url}{separator}lang={lang}"}, session=session)
    state = None
    deadline = time.time() + 60
    while time.time() < deadline:
        state = json.loads(browser.send("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True}, session=session)["result"].get("value") or "{}")
        if state.get("ready"):
            break
        time.sleep(0.25)
    else:
        problems.append("never ready (no data-ready on <body>, or the report frame did not load)")
    time.sleep(0.3)
    browser.send("Runtime.evaluate", {"expression": "0"}, session=session)   # collect late console events
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        if event["method"] == "Runtime.consoleAPICalled":
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in event["params"].get("args", []))
            problems.append(f"console.{event['params'].get('type')}: {args}")
        elif event["method"] == "Log.entryAdded":
            entry = event["params"]["entry"]
            problems.append(f"console {entry.get('level')}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif event["method"] == "Runtime.exceptionThrown":
            problems.append("exception: " + event["params"]["exceptionDetails"].get("text", "") + " "
                            + str(event["params"]["exceptionDetails"].get("exception", {}).get("description", "")))
    if state:
        for where, part in (("page", state), ("report", state.get("frame"))):
            if not part:
                continue
            if part.get("overflow"):
                problems.append(f"{where} overflows: {part['overflow']}")
            if lang == "fr":
                # Identifiers (`contract.c.paid_in_full`, `run.paths`) are code, not English.
                prose = re.sub(r"[\w-]+(?:[._/][\w-]+)+", " ", part.get("text", ""))
                words = sorted({w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", prose)} & set(ENGLISH))
                for word in words:
                    at = re.search(r"(?i)\b" + re.escape(word) + r"\b", prose)
                    context = " ".join(prose[max(0, at.start() - 50):at.end() + 30].split())
                    problems.append(f"English word in the French {where}: {word!r} in “{context}”")
    browser.send("Target.closeTarget", {"targetId": target})
    return problems


def main():
    urls = sys.argv[1:]
    if not urls:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(64)
    browser = Browser()
    failed = 0
    try:
        for url in urls:
            for lang in ("en", "fr"):
                for width in WIDTHS:
                    problems = check(browser, url, width, lang)
                    status = "ok" if not problems else "FAILED"
                    print(f"{status:6} {lang} {width:4} px  {url}")
                    for p in problems:
                        print("       " + p)
                    failed += bool(problems)
    finally:
        browser.close()
    if failed:
        print(f"page-check: {failed} page view(s) failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
