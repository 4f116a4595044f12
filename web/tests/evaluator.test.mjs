// The evaluator's tab in a real browser (the harness of harness.mjs: Debian's Chromium
// driven by playwright-core, the page served by `qr1405 serve`): the example submissions,
// one dropped on the drop zone and one chosen with the folder picker, show the verdicts and
// counts `qr1405 conform --submission` gives, and the reports it writes. Screenshots go to
// web/test-results/ (gitignored).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { binary, open, root, unlabelledControls } from "./harness.mjs";

const examples = join(root, "examples/submissions");

let browser, page, shot;

// A report without its record of what was run (the command line, the date, the folder's path
// differ between the command and the page; the rest is the same).
function withoutRun(report) {
  const { run, ...rest } = report;
  assert.ok(run, "the report records what was run");
  return rest;
}

// What the command says of a submission: its exit status, summary and JSON report.
function command(name) {
  const dir = join(examples, name);
  const summary = spawnSync(binary, ["conform", "--submission", dir], { encoding: "utf8" });
  const json = spawnSync(binary, ["conform", "--submission", dir, "--json"], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return { status: summary.status, summary: summary.stdout, report: withoutRun(JSON.parse(json.stdout)) };
}

// A case's outcome as the command counts it: any failing check fails it.
function outcome(c) {
  const outcomes = c.checks.map((check) => check.outcome);
  for (const o of ["fail", "stale-exception", "known-divergence"]) if (outcomes.includes(o)) return o;
  return outcomes.every((o) => o === "skip") ? "skip" : "pass";
}

// The page's verdict, summary line and per-case table once an evaluation is shown.
async function shown() {
  const verdict = page.locator("#evaluation [data-verdict]");
  await verdict.waitFor({ timeout: 120000 });
  const rows = await page.locator("#cases tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({ id: tr.dataset.case, outcome: tr.dataset.outcome, text: tr.innerText })),
  );
  return {
    verdict: await verdict.getAttribute("data-verdict"),
    text: await verdict.innerText(),
    summary: await page.locator("#evaluation-summary").innerText(),
    rows,
  };
}

function assertSame(name, page, cli) {
  assert.equal(page.verdict, cli.status === 0 ? "passed" : "failed", name);
  assert.match(page.text, cli.status === 0 ? /✔ ĐẠT · PASSED/ : /✖ KHÔNG ĐẠT · FAILED/);
  // The summary's first line, word for word: app, verdict, case and check counts.
  assert.equal(page.summary, cli.summary.split("\n").find((l) => l.startsWith("submission:")), name);
  assert.deepEqual(
    page.rows.map((r) => [r.id, r.outcome]),
    cli.report.cases.map((c) => [c.id, outcome(c)]),
    name,
  );
  // Verdicts in words, not by colour alone.
  for (const row of page.rows)
    assert.match(row.text, row.outcome === "pass" ? /✔ Đạt · Pass/ : /✖ Không đạt · Fail/, row.id);
}

before(async () => {
  browser = await open({ name: "evaluator", options: { acceptDownloads: true } });
  ({ page, shot } = browser);
  await page.getByRole("tab", { name: /Evaluate an app/ }).click();
});

after(async () => {
  await browser?.close();
});

test("the passing example, dropped on the drop zone, passes as the command says", async () => {
  const cli = command("passing");
  assert.equal(cli.status, 0);
  const dir = join(examples, "passing");
  const files = readdirSync(dir).map((name) => ({ name, data: readFileSync(join(dir, name)).toString("base64") }));
  // A drop of the folder's files, as a file manager drops them.
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const { name, data } of files) {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name));
    }
    document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
  const passing = await shown();
  assertSame("passing", passing, cli);
  // The plan's coverage, EU certificates included, as the report counts it.
  const plan = cli.report.plan;
  assert.ok(plan.certificates_planned > 0, "the bundled plan names EU certificates");
  assert.match(
    passing.text,
    new RegExp(`${plan.submitted} / ${plan.planned} ảnh · screenshots, ` +
      `${plan.certificates_submitted} / ${plan.certificates_planned} chứng nhận EU · EU certificates`),
  );
  await shot("8-evaluator-passing");
});

test("the failing example, chosen with the folder picker, fails case by case as the command says", async () => {
  const cli = command("failing");
  assert.equal(cli.status, 1);
  await page.getByLabel(/Choose a submission folder/).setInputFiles(join(examples, "failing"));
  await page.locator('#evaluation [data-verdict="failed"]').waitFor({ timeout: 120000 });
  const failing = await shown();
  assertSame("failing", failing, cli);
  // Each failing screenshot's findings name the command's reasons.
  const badge = failing.rows.find((r) => r.id === "badge.png");
  assert.match(badge.text, /damaged-modules/);
  await shot("9-evaluator-failing");
});

test("the reports are those the command writes, and the HTML report is viewable", async () => {
  const cli = command("failing");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download the JSON report/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "report.json");
  assert.deepEqual(withoutRun(JSON.parse(readFileSync(await download.path(), "utf8"))), cli.report);
  const [html] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download the HTML report/ }).click(),
  ]);
  assert.equal(html.suggestedFilename(), "report.html");
  const text = readFileSync(await html.path(), "utf8");
  assert.match(text, /^<!DOCTYPE html>/);
  assert.match(text, /unsigned-name-typo\.png/);

  const toggle = page.getByRole("button", { name: /View the HTML report/ });
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const view = page.locator("#report-view");
  await view.locator("h2", { hasText: "unsigned-name-typo.png" }).first().waitFor({ timeout: 10000 });
  assert.ok(await view.locator("img").count() > 0, "the report's screenshots are shown");
  await view.locator("h2", { hasText: "badge.png" }).first().scrollIntoViewIfNeeded();
  await shot("10-evaluator-report");
});

test("the evaluator's controls are labelled and its verdicts are words", async () => {
  const unlabelled = await unlabelledControls(page, "#panel-evaluator input, #panel-evaluator button, #panel-evaluator [role=button], #panel-evaluator a");
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.locator("#cases caption").count(), 1);
  assert.equal(await page.locator("#cases thead th[scope=col]").count(), 4);
});

test("a folder that cannot be evaluated says why", async () => {
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['{"app": "A", "images": [{"file": "a.png", "display": "full", "vector": "nope"}]}'], "manifest.json"));
    transfer.items.add(new File(["png"], "a.png"));
    document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  const error = page.locator('#evaluation [data-verdict="error"]');
  await error.waitFor({ timeout: 30000 });
  assert.match(await error.innerText(), /"nope" is no vector of this suite/);
  await shot("11-evaluator-error");
});

test("the evaluator works offline once loaded: server stopped, page reloaded", async () => {
  await browser.offline();
  await page.getByRole("tab", { name: /Evaluate an app/ }).click();
  await page.getByLabel(/Choose a submission folder/).setInputFiles(join(examples, "passing"));
  await page.locator('#evaluation [data-verdict="passed"]').waitFor({ timeout: 120000 });
  await shot("12-evaluator-offline");
});
