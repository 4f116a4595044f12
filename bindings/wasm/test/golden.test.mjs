// The cases every binding runs (bindings/golden/reader-cases.tsv, written by the Rust
// reader's tests): each read through the WebAssembly build gives the same JSON, byte for
// byte. A failure names the case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import qr1405, { here, trustList, rootKey } from "./load.mjs";

const root = here("../../../");
const cases = readFileSync(root + "bindings/golden/reader-cases.tsv", "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"))
  .map((line) => line.split("\t"));
const reader = new qr1405.Reader(trustList, rootKey);

test("every shared golden case reads as in Rust", () => {
  assert.ok(cases.length > 100, `only ${cases.length} cases`);
  for (const [id, kind, input, clock, expected] of cases) {
    const at = new Date(Number(clock) * 1000);
    assert.ok(!Number.isNaN(at.getTime()), `case ${id}: clock ${clock}`);
    const reading =
      kind === "text"
        ? reader.readBytes(Buffer.from(input, "hex"), at)
        : kind === "image"
          ? reader.readImage(readFileSync(root + input), at)
          : assert.fail(`case ${id}: input kind ${kind}`);
    assert.equal(JSON.stringify(reading), expected, `case ${id} (${kind})`);
  }
});
