// The package's calls: the display side, the policy, the trust list, and bad arguments
// thrown as errors that name the problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import qr1405, { trustList, rootKey } from "./load.mjs";
import { decodePng } from "./png.mjs";

const AT = "2022-06-01T08:00:00+07:00";
const CODE = "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|";
const reader = new qr1405.Reader(trustList, rootKey);

test("an unsigned code is accepted with its fields", () => {
  const r = reader.readText(CODE, AT);
  assert.equal(r.verdict, "accept");
  assert.equal(r.kind, "personal-code");
  assert.equal(r.fields.full_name, "NGUYEN LE KHA HAN");
  assert.deepEqual(r.signature, { verdict: "unsigned" });
  assert.equal(r.green, null);
});

test("a Date clock reads as its RFC 3339 text", () => {
  const r1 = reader.readText(CODE, new Date("2022-06-01T01:00:00Z"));
  const r2 = reader.readText(CODE, "2022-06-01T01:00:00Z");
  assert.deepEqual(r1, r2);
});

test("the policy refuses an unsigned code when asked to", () => {
  const strict = reader.withPolicy({ acceptUnsigned: false });
  const r = strict.readText(CODE, AT);
  assert.equal(r.verdict, "refuse");
  assert.deepEqual(r.reasons.map((x) => x.code), ["unsigned"]);
  assert.throws(() => reader.withPolicy({ requireGreen: "yes" }), /requireGreen/);
  assert.throws(() => reader.withPolicy(null), /policy/);
});

test("the trust list in force is shown", () => {
  const list = reader.trustList;
  assert.equal(list.sequence, 1);
  assert.equal(list.issued_at, "2022-06-01T00:00:00Z");
  assert.ok(list.issuers.some((i) => i.id === "pc-covid"));
  assert.equal(qr1405.Reader.withoutTrustList().trustList, null);
});

test("a wrong trust list, root key or clock is thrown, named", () => {
  assert.throws(() => new qr1405.Reader("{}", rootKey), /trust list/);
  assert.throws(() => new qr1405.Reader(trustList, "nope"), /root public key/);
  const other = "Zrmh6o2nzFqgpO-6Km90fTQF3nNbQCnnavjdLPaH06g";
  assert.throws(() => new qr1405.Reader(trustList, other), /trust list/);
  assert.throws(() => reader.readText(CODE, "yesterday"), /clock "yesterday"/);
  assert.throws(() => reader.readText(CODE, new Date(NaN)), /invalid date/);
  assert.throws(() => reader.readText(CODE, 42), /neither a Date nor RFC 3339/);
});

test("codes are built from a record, drawn, and read back from the drawing", () => {
  const codes = qr1405.displayCodes({
    document_number: "001087029317",
    full_name: "Nguyễn Lê Khả Hân",
    birth_date: "1987-01-18",
    gender: "female",
    qid: "162979388586171100",
  });
  assert.match(codes.full, /^001087029317\|NGUYEN LE KHA HAN\|1987-01-18\|/);
  assert.match(codes.masked, /^\*{6}029317\|NGUYEN LE KHA HAN\|1987-/);
  const png = qr1405.renderPng(codes.masked, { modulePx: 4 });
  assert.ok(png instanceof Uint8Array);
  const read = reader.readImage(png, AT);
  assert.equal(read.verdict, "accept");
  assert.equal(read.display_form, "masked");
  assert.equal(read.text, codes.masked);
  const frame = reader.readImageData(decodePng(png), AT);
  assert.deepEqual(frame, read);
  assert.deepEqual(reader.readCameraFrame(decodePng(png), AT), read);
  const svg = qr1405.renderSvg(codes.full, { sizeMm: 25, dpi: 300 });
  assert.match(svg, /^<\?xml|^<svg/);
  assert.throws(() => qr1405.displayCodes({ full_name: "" }), /record/);
  assert.throws(() => qr1405.renderPng("", { modulePx: 4 }), /empty/);
  assert.throws(() => qr1405.renderPng(CODE, { modulePx: 1.5 }), /modulePx/);
});

test("bad pictures and frames are refused or thrown, never a crash", () => {
  const r = reader.readImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), AT);
  assert.equal(r.verdict, "refuse");
  assert.deepEqual(r.reasons.map((x) => x.code), ["image-unreadable"]);
  const blank = { data: new Uint8ClampedArray(64 * 48 * 4).fill(255), width: 64, height: 48 };
  const none = reader.readImageData(blank, AT);
  assert.deepEqual(none.reasons.map((x) => x.code), ["no-symbol"]);
  assert.throws(() => reader.readFrame(new Uint8Array(10), 64, 48, AT), /bytes of rgba pixels, not 10/);
  assert.throws(() => reader.readFrame(new Uint8Array(0), 0, 48, AT), /outside/);
  assert.throws(() => reader.readImageData({ data: [1, 2], width: 1, height: 1 }, AT), /data/);
  assert.deepEqual(reader.readCameraFrame(blank, AT).reasons.map((x) => x.code), ["no-symbol"]);
  assert.throws(() => reader.readCameraFrame({ data: new Uint8Array(10), width: 64, height: 48 }, AT), /not 10/);
  const huge = reader.readText("A".repeat(1 << 20), AT);
  assert.equal(huge.verdict, "refuse");
});
