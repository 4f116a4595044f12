// The evaluator's tab: a submission folder (manifest.json and the app's screenshots), chosen
// or dropped, evaluated in this browser by the conformance suite compiled to WebAssembly
// (`evaluateSubmission`), with the verdicts and reports of `qr1405 conform --submission`.
// Nothing leaves the page: the files are read here and the reports are made here.
import init, { evaluateSubmission } from "./pkg/qr1405.js";

const $ = (id) => document.getElementById(id);

// Outcomes in words and with a symbol, never by colour alone.
const OUTCOME = {
  pass: "✔ Đạt · Pass",
  fail: "✖ Không đạt · Fail",
  skip: "– Bỏ qua · Skipped",
  "known-divergence": "≈ Sai khác đã biết · Known divergence",
  "stale-exception": "✖ Ngoại lệ cũ · Stale exception",
};

let links = []; // blob: URLs of the last reports, revoked when new ones are made

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

// A case's outcome, as the summary counts it: a failure or stale exception fails it.
function caseOutcome(c) {
  const outcomes = c.checks.map((check) => check.outcome);
  for (const o of ["fail", "stale-exception", "known-divergence"]) if (outcomes.includes(o)) return o;
  return outcomes.length && outcomes.every((o) => o === "skip") ? "skip" : "pass";
}

function status(text) {
  $("evaluator-status").textContent = text;
}

// Every file under a dropped entry, with its path from the dropped folder's parent
// (`passing/manifest.json`), as a folder picker names them.
async function entryFiles(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ name: entry.fullPath.replace(/^\//, ""), file });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await entryFiles(child, out);
    }
  }
}

async function evaluate(named) {
  if (!named.length) {
    status("Không có tệp nào · No files were given");
    return;
  }
  status(`Đang đánh giá ${named.length} tệp… · Evaluating ${named.length} files…`);
  $("evaluation").replaceChildren();
  // Let the status show before the evaluation takes the thread.
  await new Promise((resolve) => setTimeout(resolve, 30));
  try {
    const files = [];
    for (const { name, file } of named) files.push({ name, bytes: new Uint8Array(await file.arrayBuffer()) });
    await init({ module_or_path: new URL("pkg/qr1405_bg.wasm", import.meta.url) });
    const evaluation = evaluateSubmission(files, new Date());
    show(evaluation);
    status(evaluation.passed ? "Đã đánh giá: đạt · Evaluated: passed" : "Đã đánh giá: không đạt · Evaluated: failed");
  } catch (error) {
    status(`Không đánh giá được · Cannot evaluate: ${error.message ?? error}`);
    $("evaluation").replaceChildren(
      el("div", { className: "verdict refuse", role: "alert" },
        el("h2", { textContent: "✖ Không đánh giá được · Cannot evaluate" }),
        el("p", { className: "error", textContent: String(error.message ?? error) })),
    );
    $("evaluation").firstChild.dataset.verdict = "error";
  }
}

function download(text, type, name, label) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  links.push(url);
  return el("a", { href: url, download: name, textContent: label, className: "download" });
}

// The summary's verdict line (`submission: APP: PASSED: …`), after its record of what was run.
function verdictLine(summary) {
  const lines = summary.split("\n");
  return lines.find((line) => line.startsWith("submission:")) ?? lines[0];
}

function show({ passed, report, json, html, summary }) {
  for (const url of links) URL.revokeObjectURL(url);
  links = [];
  const t = report.totals;
  const box = el("div", { className: `verdict ${passed ? "accept" : "refuse"}` });
  box.dataset.verdict = passed ? "passed" : "failed";
  box.append(el("h2", { textContent: passed ? "✔ ĐẠT · PASSED" : "✖ KHÔNG ĐẠT · FAILED" }));
  const list = el("dl");
  const row = (term, value) => list.append(el("dt", { textContent: term }), el("dd", { textContent: value }));
  row("Ứng dụng · App", report.suite.replace(/^submission: /, ""));
  row("Trường hợp · Cases", String(report.cases.length));
  row("Kiểm tra · Checks",
    `${t.passed + t.failed + t.skipped + t.known_divergences + t.stale_exceptions}: ` +
    `${t.passed} đạt · passed, ${t.failed} không đạt · failed, ${t.skipped} bỏ qua · skipped, ` +
    `${t.known_divergences} sai khác đã biết · known divergences, ${t.stale_exceptions} ngoại lệ cũ · stale exceptions`);
  if (report.plan) {
    const p = report.plan;
    const certificates = p.certificates_planned
      ? `, ${p.certificates_submitted} / ${p.certificates_planned} chứng nhận EU · EU certificates`
      : "";
    row("Kế hoạch thử · Test plan", `${p.submitted} / ${p.planned} ảnh · screenshots${certificates}`);
  }
  box.append(list);
  box.append(el("pre", { id: "evaluation-summary", className: "summary", textContent: verdictLine(summary) }));

  const table = el("table", { id: "cases" });
  table.append(el("caption", { textContent: "Từng trường hợp · Each case" }));
  const head = el("tr");
  for (const h of ["Ảnh · Screenshot", "Nội dung · Shows", "Kết quả · Result", "Phát hiện · Findings"])
    head.append(el("th", { scope: "col", textContent: h }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const c of report.cases) {
    const outcome = caseOutcome(c);
    const findings = el("ul");
    for (const check of c.checks.filter((k) => k.outcome !== "pass"))
      findings.append(el("li", { textContent: `[${check.stage}] ${check.reason ?? ""}` }));
    const tr = el("tr", {},
      el("th", { scope: "row", textContent: c.id }),
      el("td", { textContent: c.description }),
      el("td", { className: `outcome ${outcome}`, textContent: OUTCOME[outcome] ?? outcome }),
      el("td", {}, findings));
    tr.dataset.case = c.id;
    tr.dataset.outcome = outcome;
    body.append(tr);
  }
  table.append(body);

  const actions = el("p", { className: "actions" },
    download(html, "text/html", "report.html", "Tải báo cáo HTML · Download the HTML report"),
    " ",
    download(json, "application/json", "report.json", "Tải báo cáo JSON · Download the JSON report"));
  const view = el("button", { type: "button", id: "report-toggle", textContent: "Xem báo cáo HTML · View the HTML report" });
  view.setAttribute("aria-expanded", "false");
  view.setAttribute("aria-controls", "report-view");
  const frame = el("div", { id: "report-view", hidden: true });
  view.addEventListener("click", () => {
    const open = frame.hidden;
    if (open && !frame.shadowRoot) render(frame, html);
    frame.hidden = !open;
    view.setAttribute("aria-expanded", String(open));
  });
  $("evaluation").replaceChildren(box, table, actions, view, frame);
}

// The HTML report inside the page: its body in a shadow root, its style sheet adopted (the
// page's Content-Security-Policy allows no inline style; the report's scripts, of which it
// has none, would not run).
function render(host, html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const shadow = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync([...doc.querySelectorAll("style")].map((s) => s.textContent).join("\n"));
  shadow.adoptedStyleSheets = [sheet];
  for (const node of doc.querySelectorAll("script, style")) node.remove();
  shadow.append(...[...doc.body.childNodes].map((node) => document.importNode(node, true)));
}

const picker = $("submission");
picker.addEventListener("change", () => {
  const named = [...picker.files].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
  evaluate(named);
});

const drop = $("drop");
drop.addEventListener("click", () => picker.click());
drop.addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    picker.click();
  }
});
for (const type of ["dragenter", "dragover"])
  drop.addEventListener(type, (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", async (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const named = [];
  const items = [...(event.dataTransfer.items ?? [])];
  const entries = items.map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (entries.length) {
    for (const entry of entries) await entryFiles(entry, named);
  } else {
    for (const file of event.dataTransfer.files) named.push({ name: file.webkitRelativePath || file.name, file });
  }
  evaluate(named);
});
