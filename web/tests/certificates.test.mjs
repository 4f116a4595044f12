// EU certificates in a real browser (the harness of harness.mjs): the golden DSC trust list
// loaded on the trust list tab, shown and kept across a reload; golden ES256 and PS256
// certificates verified from text and from a picture, with the person's fields and the
// signer; a bad file refused by name; the kept list used offline; a cleared list refusing
// again. The page's clock is
// pinned to the golden certificates' validation clock (they expired in 2022).
// Screenshots 13-dsc-*.png go to web/test-results/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { binary, open, root, unlabelledControls } from "./harness.mjs";

const eu = join(root, "conformance-vectors/eu-dcc");
const index = JSON.parse(readFileSync(join(eu, "index.json"), "utf8"));
const vector = (id) => index.vectors.find((v) => v.id === id) ?? assert.fail(`no golden vector ${id}`);
const ES256 = vector("dcc-valid-es256-vaccination");
const PS256 = vector("dcc-valid-ps256-vaccination");
const PS256_TEST = vector("dcc-valid-ps256-test");
const certificates = join(root, "crates/testkeys/certificates");

let browser, page, shot, picture, testPicture;

// The golden certificates' clock, 2021-10-01, in Vietnam's morning.
async function pinClock(at = "2021-10-01T08:00:00+07:00") {
  await page.clock.setFixedTime(new Date(at));
}

async function tab(name) {
  await page.getByRole("tab", { name }).click();
}

async function readText(text) {
  await tab(/Text/);
  await page.getByLabel(/Paste the code's text/).fill(text);
  await page.getByRole("button", { name: /Check/ }).click();
  const verdict = page.locator("#result [data-verdict]");
  await verdict.waitFor({ timeout: 10000 });
  return verdict;
}

async function loadSigners(...files) {
  await tab(/Trust list/);
  const before = await page.locator("#dsc-status").innerText();
  await page.getByLabel(/Load a DSC trust list or EU signer certificates/).setInputFiles(files);
  await page.waitForFunction((before) => {
    const status = document.getElementById("dsc-status").innerText;
    return status !== "" && status !== before;
  }, before);
  return page.locator("#dsc-status").innerText();
}

const field = (verdict, name) => verdict.locator(`dd[data-field="${name}"]`).innerText();

// A golden certificate drawn as a picture, by the command.
function draw(v, file) {
  const out = join(browser.scratch, file);
  const run = spawnSync(binary, ["render", v.text, "-o", out, "--module-px", "4"], { encoding: "utf8" });
  assert.equal(run.status, 0, `qr1405 render ${v.id}: ${run.stderr}`);
  return out;
}

before(async () => {
  browser = await open({ name: "dsc" });
  ({ page, shot } = browser);
  picture = draw(PS256, "ps256-vaccination.png");
  testPicture = draw(PS256_TEST, "ps256-test.png");
  await pinClock();
});

after(async () => {
  await browser?.close();
});

test("without signer certificates a certificate is refused: its signature is not checked", async () => {
  await tab(/Trust list/);
  assert.equal(await page.locator("#dsc-info").getAttribute("data-count"), "0");
  assert.match(await page.locator("#dsc-info").innerText(), /No signer certificates/);
  const verdict = await readText(ES256.text);
  assert.equal(await verdict.getAttribute("data-verdict"), "refuse");
  assert.equal(await verdict.locator('li[data-code="certificate-signature-not-checked"]').count(), 1);
  assert.match(await verdict.innerText(), /chưa có chứng thư ký \(DSC\)/);
});

test("the golden DSC trust list is loaded and shown: count, countries, key ids", async () => {
  const status = await loadSigners(join(eu, "signers.json"));
  assert.match(status, /Added 3 signer certificates \(0 already held\)\. Đã lưu · Saved/);
  const info = page.locator("#dsc-info");
  assert.equal(await info.getAttribute("data-count"), "3");
  assert.match(await page.locator("#dsc-summary").innerText(), /3 chứng thư · signers; nước · countries: VN$/);
  const rows = page.locator("#dsc-table tbody tr");
  assert.equal(await rows.count(), 3);
  assert.equal(await rows.first().getAttribute("data-kid"), "cwzYFnS+caQ=");
  assert.match(await rows.first().innerText(), /VN\s+cwzYFnS\+caQ= \(730cd81674be71a4\)/);
  assert.match(await rows.first().innerText(), /2021-01-01T00:00:00Z → 2031-01-01T00:00:00Z\s+✔ Còn hiệu lực · Valid/);
  assert.match(await rows.nth(2).innerText(), /\[test\]/);
  assert.match(await page.locator("#engine").innerText(), /DSC EU: 3/);
  await shot("13-dsc-loaded");
});

test("a golden ES256 certificate is verified from its text, with the person and the signer", async () => {
  const verdict = await readText(ES256.text);
  assert.equal(await verdict.getAttribute("data-verdict"), "accept", await verdict.innerText());
  assert.match(await verdict.innerText(), /✔ CHẤP NHẬN · ACCEPT/);
  // Family name first, then the given names, as the certificate writes them.
  assert.match(await field(verdict, "name"), /^\S.*, \S.*$/);
  assert.match(await field(verdict, "name_icao"), /^[A-Z<]+<<[A-Z<]+$/);
  assert.match(await field(verdict, "birth_date"), /^\d{4}(-\d\d){0,2}$/);
  assert.equal(await field(verdict, "certificate_type"), "Tiêm chủng · Vaccination");
  assert.match(await field(verdict, "dose"), /^\d+\/\d+$/);
  assert.match(await field(verdict, "vaccination_date"), /^2021-/);
  assert.match(await field(verdict, "vaccine"), /\(EU\/1\/\d+\/\d+\)$/);
  assert.match(await field(verdict, "disease"), /COVID-19 \(840539006\)/);
  assert.match(await field(verdict, "country"), /\(VN\)$/);
  assert.ok((await field(verdict, "certificate_issuer")).length > 0);
  assert.match(await field(verdict, "certificate_id"), /^URN:UVCI:/);
  assert.equal(await field(verdict, "issued_at"), "2021-09-01T00:00:00Z");
  assert.equal(await field(verdict, "expires"), "2022-09-01T00:00:00Z");
  assert.match(await field(verdict, "signer"), /DSC ES256.*\(VN\), kid 730cd81674be71a4$/);
  await shot("14-dsc-es256-text-accept");
});

test("golden PS256 certificates are verified from a picture: a vaccination and a test", async () => {
  await tab(/Picture/);
  await page.getByLabel(/Choose a picture/).setInputFiles(picture);
  const verdict = page.locator('#result [data-verdict="accept"]');
  await verdict.waitFor({ timeout: 20000 });
  assert.equal(await field(verdict, "certificate_type"), "Tiêm chủng · Vaccination");
  assert.match(await field(verdict, "signer"), /DSC PS256.*\(VN\), kid [0-9a-f]{16}$/);
  await shot("15-dsc-ps256-picture-accept");
  await page.getByLabel(/Choose a picture/).setInputFiles(testPicture);
  await page.locator('#result dd[data-field="test_result"]').waitFor({ timeout: 20000 });
  const test = page.locator('#result [data-verdict="accept"]');
  assert.equal(await field(test, "certificate_type"), "Xét nghiệm · Test");
  assert.match(await field(test, "sample_time"), /^2021-/);
});

test("a file that is no signer is refused by name and adds nothing; one already held is counted", async () => {
  let status = await loadSigners(join(certificates, "es256-key.pem"));
  assert.match(status, /Not loaded, nothing added: signer certificate es256-key\.pem: pem block 1: a PRIVATE KEY/);
  assert.equal(await page.locator("#dsc-info").getAttribute("data-count"), "3");
  status = await loadSigners(join(certificates, "ps256-dsc.pem"), join(certificates, "es256-dsc.pem"));
  assert.match(status, /Added 0 signer certificates \(2 already held\)/);
  await shot("16-dsc-bad-file");
});

test("the list is kept across visits, and expired signers are marked", async () => {
  await page.reload();
  await page.getByText(/Sẵn sàng · Ready/).waitFor({ timeout: 30000 });
  await tab(/Trust list/);
  assert.equal(await page.locator("#dsc-info").getAttribute("data-count"), "3");
  assert.equal(await (await readText(ES256.text)).getAttribute("data-verdict"), "accept");
  // Ten years on, every golden signer has expired.
  await pinClock("2031-06-01T00:00:00Z");
  await page.reload();
  await page.getByText(/Sẵn sàng · Ready/).waitFor({ timeout: 30000 });
  await tab(/Trust list/);
  assert.match(await page.locator("#dsc-summary").innerText(), /, 3 hết hạn · expired$/);
  assert.equal(await page.locator('#dsc-table tr[data-status="expired"]').count(), 3);
  assert.match(await page.locator("#dsc-table tbody tr").first().innerText(), /✖ Hết hạn · Expired/);
  await shot("17-dsc-expired");
  await pinClock();
});

test("offline, server stopped, the kept list still verifies", async () => {
  await browser.offline();
  await tab(/Trust list/);
  assert.equal(await page.locator("#dsc-info").getAttribute("data-count"), "3");
  const verdict = await readText(PS256.text);
  assert.equal(await verdict.getAttribute("data-verdict"), "accept", await verdict.innerText());
  assert.match(await field(verdict, "signer"), /DSC PS256/);
});

test("a cleared list refuses again, and stays cleared", async () => {
  await tab(/Trust list/);
  await page.getByRole("button", { name: /Clear the EU signers/ }).click();
  assert.match(await page.locator("#dsc-status").innerText(), /EU signers cleared/);
  assert.equal(await page.locator("#dsc-info").getAttribute("data-count"), "0");
  let verdict = await readText(PS256.text);
  assert.equal(await verdict.locator('li[data-code="certificate-signature-not-checked"]').count(), 1);
  await page.reload();
  await page.getByText(/Sẵn sàng · Ready/).waitFor({ timeout: 30000 });
  verdict = await readText(ES256.text);
  assert.equal(await verdict.getAttribute("data-verdict"), "refuse");
  assert.equal(await verdict.locator('li[data-code="certificate-signature-not-checked"]').count(), 1);
  await shot("18-dsc-cleared-refuse");
});

test("the signers' controls are labelled", async () => {
  await tab(/Trust list/);
  const unlabelled = await unlabelledControls(page, "#panel-trust input, #panel-trust button");
  assert.deepEqual(unlabelled, []);
});
