// Every golden vector read through the WebAssembly build, compared byte for byte with what
// the Rust reader reads (tests/reader-cases.jsonl, kept current by `cargo test -p
// qr1405-wasm --test cases`). A failure names the vector.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import qr1405, { here, vectors, trustList, rootKey } from "./load.mjs";
import { decodePng } from "./png.mjs";

const cases = readFileSync(here("../tests/reader-cases.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => JSON.parse(line));
const reader = new qr1405.Reader(trustList, rootKey);

test("the cases file holds every bundled vector", () => {
  assert.ok(cases.length > 100, `only ${cases.length} cases`);
});

test("text: every vector reads as in Rust", () => {
  for (const c of cases) {
    const bytes = Buffer.from(c.text_hex, "hex");
    const got = JSON.stringify(reader.readBytes(bytes, c.clock));
    assert.equal(got, c.text_reading, `vector ${c.id}, read as bytes`);
    if (c.utf8) {
      const again = JSON.stringify(reader.readText(bytes.toString("utf8"), c.clock));
      assert.equal(again, c.text_reading, `vector ${c.id}, read as text`);
    }
  }
});

test("picture: every vector's image reads as in Rust", () => {
  let read = 0;
  for (const c of cases.filter((c) => c.image)) {
    const bytes = readFileSync(vectors + "vectors/" + c.image);
    const got = JSON.stringify(reader.readImage(bytes, c.clock));
    assert.equal(got, c.image_reading, `vector ${c.id}, image ${c.image}`);
    read++;
  }
  assert.ok(read > 100, `only ${read} images`);
});

test("camera frame: a vector's pixels read as its picture does", () => {
  let read = 0;
  for (const c of cases.filter((c) => c.image && c.image.endsWith(".png"))) {
    let frame;
    try {
      frame = decodePng(readFileSync(vectors + "vectors/" + c.image));
    } catch (error) {
      // A picture the test's small decoder does not take (16-bit, interlaced): the
      // picture test above has read it.
      if (/unsupported/.test(error.message)) continue;
      throw error;
    }
    const got = JSON.stringify(reader.readImageData(frame, c.clock));
    assert.equal(got, c.image_reading, `vector ${c.id}, frame of ${c.image}`);
    read++;
  }
  assert.ok(read > 100, `only ${read} frames`);
});
