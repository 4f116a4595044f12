// The evaluator's call: each example submission evaluated through the WebAssembly build gives
// the JSON report `qr1405 conform --submission DIR --json` prints at the same clock, byte for
// byte once each report's record of what was run (`run`: the command line, the date, the
// folder's path) is set aside.
//
// Needs the qr1405 binary (QR1405_BIN, default target/debug/qr1405): cargo build -p qr1405-cli.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import qr1405, { here } from "./load.mjs";

const root = here("../../../");
const examples = join(root, "examples/submissions");
const binary = process.env.QR1405_BIN ?? join(root, "target/debug/qr1405");

// The folder's files, each name under `prefix`.
function files(name, prefix = "") {
  const dir = join(examples, name);
  return readdirSync(dir).map((file) => ({
    name: prefix + file,
    bytes: new Uint8Array(readFileSync(join(dir, file))),
  }));
}

const clock = "2022-06-01T08:00:00+07:00";

// A JSON report's text without its `run` member, and that member.
function withoutRun(json) {
  const report = JSON.parse(json);
  const { run, ...rest } = report;
  return { run, text: JSON.stringify(rest) };
}

function cli(name) {
  assert.ok(existsSync(binary), `${binary} is missing: cargo build -p qr1405-cli`);
  const run = spawnSync(binary, ["conform", "--submission", join(examples, name), "--json", "--at", clock], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return { status: run.status, json: run.stdout };
}

for (const [name, status] of [["passing", 0], ["failing", 1]]) {
  test(`the ${name} example gives the command's JSON report`, () => {
    const expected = cli(name);
    assert.equal(expected.status, status, `qr1405 conform --submission ${name} exited ${expected.status}`);
    const evaluation = qr1405.evaluateSubmission(files(name), clock);
    assert.equal(evaluation.passed, status === 0, name);
    const ours = withoutRun(evaluation.json);
    const theirs = withoutRun(expected.json);
    assert.equal(ours.text, theirs.text, `${name}: the reports differ`);
    assert.ok(ours.run, `${name}: the report records what was run`);
    assert.deepEqual(ours.run.clock, theirs.run.clock, `${name}: the clocks differ`);
    assert.deepEqual(ours.run.decoders, theirs.run.decoders, `${name}: the decoders differ`);
    assert.match(evaluation.html, /^<!DOCTYPE html>/);
    assert.match(evaluation.summary, new RegExp(`^submission: Example app \\(${name}\\): ${status ? "FAILED" : "PASSED"}`, "m"));
  });
}

test("a folder as a browser lists it, an object and a Map give one report", () => {
  const listed = qr1405.evaluateSubmission(files("failing", "failing/"), "2022-06-01T08:00:00+07:00");
  const object = Object.fromEntries(files("failing").map((f) => [f.name, f.bytes]));
  const map = new Map(files("failing").map((f) => [f.name, f.bytes.buffer]));
  for (const other of [object, map]) {
    const evaluation = qr1405.evaluateSubmission(other, "2022-06-01T08:00:00+07:00");
    assert.equal(withoutRun(evaluation.json).text, withoutRun(listed.json).text);
  }
  assert.equal(listed.report.cases.length, 16);
  assert.equal(listed.report.totals.failed, 17);
  assert.equal(listed.report.plan.submitted, 2);
  assert.equal(listed.report.plan.certificates_submitted, 1);
});

test("files that cannot be evaluated are thrown, named", () => {
  assert.throws(() => qr1405.evaluateSubmission([]), /no files/);
  assert.throws(() => qr1405.evaluateSubmission(42), /files: neither an object, a Map nor a list/);
  assert.throws(() => qr1405.evaluateSubmission({ "a.png": "png" }), /"a.png": bytes that are not a Uint8Array/);
  const missing = files("passing").filter((f) => f.name !== "passport-full.png");
  assert.throws(
    () => qr1405.evaluateSubmission(missing),
    /cannot open submission\/passport-full.png: not among the submission's files/,
  );
  const twice = [...files("passing"), { name: "./manifest.json", bytes: new Uint8Array() }];
  assert.throws(() => qr1405.evaluateSubmission(twice), /"\.\/manifest.json" is not a path inside the submission folder/);
  const manifest = new TextEncoder().encode('{"app": "A", "app": "B", "images": []}');
  assert.throws(
    () => qr1405.evaluateSubmission({ "manifest.json": manifest }),
    /submission\/manifest.json: line 1, column 18: duplicate field `app`/,
  );
  assert.throws(() => qr1405.evaluateSubmission(files("passing"), "yesterday"), /clock "yesterday"/);
});
