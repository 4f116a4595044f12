// The package's size: the WebAssembly module and its glue, compressed as a web server sends
// them (gzip, level 9), stay under 2 MB (docs/web.md, Size).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { here } from "./load.mjs";

const LIMIT = 2 * 1000 * 1000;

test("the package is under 2 MB gzipped", () => {
  const files = ["qr1405_bg.wasm", "qr1405.js"].map((name) => [name, readFileSync(here(`../pkg/${name}`))]);
  const sizes = files.map(([name, bytes]) => [name, bytes.length, gzipSync(bytes, { level: 9 }).length]);
  const total = sizes.reduce((sum, [, , gz]) => sum + gz, 0);
  assert.ok(total < LIMIT, `the package is ${total} bytes gzipped, over ${LIMIT}: ${JSON.stringify(sizes)}`);
});
