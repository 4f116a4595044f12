// EU certificates (HC1:) verified through the WebAssembly build with signer certificates
// (DSCs): every golden certificate (conformance-vectors/eu-dcc/index.json) read with the
// golden signers, loaded as the DSC trust list, as single PEM and DER files and as one PEM
// bundle, gives the verdict and the reasons the vector expects. A failure names the vector.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import qr1405, { here, vectors, trustList, rootKey } from "./load.mjs";

const index = JSON.parse(readFileSync(vectors + "eu-dcc/index.json", "utf8"));
const signersJson = readFileSync(vectors + "eu-dcc/signers.json", "utf8");
const certificates = here("../../../crates/testkeys/certificates/");
const pem = (name) => readFileSync(certificates + name);
// The DER of a PEM file, as an operator's `.der` or `.crt` file holds it.
const der = (name) =>
  Buffer.from(
    String(pem(name))
      .split("\n")
      .filter((l) => l && !l.startsWith("-----"))
      .join(""),
    "base64",
  );
// The golden signers' key identifiers, by the vectors' `signer` names.
const KIDS = { es256: "730cd81674be71a4" };

const base = new qr1405.Reader(trustList, rootKey);

function checkEvery(reader, how) {
  assert.equal(index.vectors.length, 18, "the golden certificates");
  for (const v of index.vectors) {
    const reading = reader.readText(v.text, v.clock);
    const name = `vector ${v.id} (signers ${how})`;
    assert.equal(reading.kind, v.id === "dcc-broken-prefix" ? "unknown" : "eu-dcc", name);
    if (v.expect === "accept") {
      assert.equal(reading.verdict, "accept", `${name}: ${JSON.stringify(reading.reasons)}`);
      assert.equal(reading.signature.verdict, "valid", name);
      assert.equal(reading.signature.issuer_id, "VN", name);
      assert.match(reading.signature.issuer_name, new RegExp(`DSC ${v.signer.toUpperCase()}`), name);
      if (KIDS[v.signer]) assert.equal(reading.signature.key_id, KIDS[v.signer], name);
      assert.ok(reading.fields.family_name && reading.fields.birth_date, name);
      assert.equal(reading.fields.certificate_type, v.id.split("-").at(-1), name);
    } else {
      assert.equal(reading.verdict, "refuse", name);
      if (v.id !== "dcc-broken-prefix")
        assert.deepEqual(reading.reasons.map((r) => r.code), v.codes, name);
    }
  }
}

test("every golden certificate reads as expected with the golden DSC trust list", () => {
  const signers = qr1405.CertificateSigners.fromTrustList(signersJson, "signers.json");
  assert.equal(signers.length, 3);
  checkEvery(base.withCertificateSigners(signers), "from signers.json");
});

test("every golden certificate reads as expected with the DSCs loaded one file at a time", () => {
  const signers = new qr1405.CertificateSigners();
  assert.deepEqual(signers.addFile(pem("es256-dsc.pem"), "es256-dsc.pem"), { added: 1, already_held: 0 });
  assert.deepEqual(signers.addFile(der("ps256-dsc.pem"), "ps256-dsc.der"), { added: 1, already_held: 0 });
  assert.deepEqual(signers.addCertificate(pem("es256-tests-only-dsc.pem"), "tests-only.pem"), { added: 1, already_held: 0 });
  // The same signers again, as the trust list: held once.
  assert.deepEqual(signers.addFile(Buffer.from(signersJson), "signers.json"), { added: 0, already_held: 3 });
  checkEvery(base.withCertificateSigners(signers), "from PEM and DER files");
});

test("every golden certificate reads as expected with the DSCs of one PEM bundle", () => {
  const bundle = Buffer.concat(["es256-dsc.pem", "ps256-dsc.pem", "es256-tests-only-dsc.pem"].map(pem));
  const signers = new qr1405.CertificateSigners();
  assert.deepEqual(signers.addFile(bundle, "signers.pem"), { added: 3, already_held: 0 });
  assert.equal(signers.toJson(), qr1405.CertificateSigners.fromTrustList(signersJson).toJson());
  checkEvery(base.withCertificateSigners(signers), "from one PEM bundle");
  // A bundle with a private key in it adds none of its certificates, and names the block.
  const withKey = Buffer.concat([pem("ps256-dsc.pem"), pem("ps256-key.pem")]);
  const empty = new qr1405.CertificateSigners();
  assert.throws(() => empty.addFile(withKey, "with-key.pem"), /^Error: signer certificate with-key\.pem: pem block 2: a PRIVATE KEY, not a CERTIFICATE; a reader needs the signer's certificate, never its private key$/);
  assert.equal(empty.length, 0);
});

test("a golden certificate reads the same from a picture as from its text", () => {
  const reader = base.withCertificateSigners(qr1405.CertificateSigners.fromTrustList(signersJson));
  for (const v of index.vectors.filter((v) => v.expect === "accept")) {
    const png = qr1405.renderPng(v.text, { modulePx: 3 });
    assert.deepEqual(reader.readImage(png, v.clock), reader.readText(v.text, v.clock), `vector ${v.id}`);
  }
});

test("without signers, or once cleared, a certificate is refused: its signature is not checked", () => {
  const valid = index.vectors.find((v) => v.id === "dcc-valid-ps256-vaccination");
  for (const reader of [base, qr1405.Reader.withoutTrustList()]) {
    const reading = reader.readText(valid.text, valid.clock);
    assert.equal(reading.verdict, "refuse");
    assert.deepEqual(reading.reasons.map((r) => r.code), ["certificate-signature-not-checked"]);
  }
  // A reader with an empty list has signers to look in, and finds none.
  const empty = base.withCertificateSigners(new qr1405.CertificateSigners());
  assert.deepEqual(empty.readText(valid.text, valid.clock).reasons.map((r) => r.code), ["dcc-signer-unknown"]);
  // The personal code's trust list is untouched by the signers.
  const code = "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|";
  const withSigners = base.withCertificateSigners(qr1405.CertificateSigners.fromTrustList(signersJson));
  assert.deepEqual(withSigners.readText(code, valid.clock), base.readText(code, valid.clock));
  assert.deepEqual(withSigners.trustList, base.trustList);
});

test("what is loaded is shown: count, countries, key ids, expired signers marked", () => {
  const signers = qr1405.CertificateSigners.fromTrustList(signersJson);
  const now = signers.describe("2026-11-25T00:00:00Z");
  assert.equal(now.count, 3);
  assert.deepEqual(now.countries, ["VN"]);
  assert.equal(now.expired, 0);
  assert.deepEqual(
    now.signers.map((s) => [s.kid, s.kid_hex, s.country, s.status]),
    [
      ["cwzYFnS+caQ=", "730cd81674be71a4", "VN", "valid"],
      [now.signers[1].kid, now.signers[1].kid_hex, "VN", "valid"],
      [now.signers[2].kid, now.signers[2].kid_hex, "VN", "valid"],
    ],
  );
  assert.deepEqual(now.signers[2].usages, ["test"]);
  assert.equal(now.signers[0].not_after, "2031-01-01T00:00:00Z");
  const later = signers.describe(new Date("2031-06-01T00:00:00Z"));
  assert.equal(later.expired, 3);
  assert.ok(later.signers.every((s) => s.status === "expired"));
  assert.throws(() => signers.describe("soon"), /clock "soon"/);
});

test("the list kept is a DSC trust list that reads back as the same signers", () => {
  const signers = new qr1405.CertificateSigners();
  signers.addFile(pem("ps256-dsc.pem"), "ps256-dsc.pem");
  const kept = signers.toJson();
  assert.deepEqual(Object.keys(JSON.parse(kept)), ["signers"]);
  const again = qr1405.CertificateSigners.fromTrustList(kept, "stored");
  assert.equal(again.toJson(), kept);
  assert.deepEqual(again.describe("2022-01-01T00:00:00Z"), signers.describe("2022-01-01T00:00:00Z"));
  assert.deepEqual(JSON.parse(qr1405.CertificateSigners.fromTrustList(signersJson).toJson()), JSON.parse(signersJson));
});

test("a bad file is thrown, naming the file and what is wrong, and adds nothing", () => {
  const signers = qr1405.CertificateSigners.fromTrustList(signersJson, "signers.json");
  const bad = [
    [Buffer.from(""), "empty.pem", /^Error: signer certificate empty\.pem: the file is empty$/],
    [Buffer.from('{"signers": 1}'), "list.json", /^Error: dsc trust list list\.json: invalid type: integer `1`/],
    [Buffer.from(signersJson.replace("MIIDqTCC", "MIIDqTCD")), "broken.json", /^Error: dsc trust list broken\.json: signers\[1\]: not an x\.509 certificate/],
    [Buffer.from(trustList), "trust-list.json", /trust list of personal-code issuers/],
    [pem("es256-key.pem"), "es256-key.pem", /pem block 1: a PRIVATE KEY, not a CERTIFICATE/],
    [readFileSync(vectors + "vectors/hc1-prefix.png"), "code.png", /^Error: signer certificate code\.png: binary data beginning with byte 0x89/],
    [Buffer.from("hello"), undefined, /^Error: signer certificate \(unnamed\): not pem or base64/],
  ];
  for (const [bytes, name, message] of bad) {
    assert.throws(() => signers.addFile(bytes, name), message, name);
    assert.equal(signers.length, 3, `${name} added nothing`);
  }
  assert.throws(() => qr1405.CertificateSigners.fromTrustList("[]", "list.json"), /^Error: dsc trust list list\.json: /);
  assert.throws(() => signers.addTrustList("{", "cut.json"), /dsc trust list cut\.json: EOF while parsing/);
});
