// The page in a real browser (the harness of harness.mjs: Debian's Chromium driven by
// playwright-core, the page served by `qr1405 serve` on 127.0.0.1), the camera fed a video
// made from a golden vector's picture. Screenshots of every state go to web/test-results/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodePng } from "../../bindings/wasm/test/png.mjs";
import { open, vectors, unlabelledControls } from "./harness.mjs";

// An accepted signed code without a green-card claim (accepted at any date while its key
// is valid, to 2031), a second one, and one whose name was changed after signing.
const CAMERA = { image: "signed-cmnd-self-masked.png", name: "LE VAN TAM" };
const PICTURE = { image: "signed-official-example-masked.png", name: "NGUYEN LE KHA HAN" };
const TAMPERED = { image: "sig-tamper-name.png", reason: "signature-invalid" };

let browser, page, shot;

// A y4m video (I420) of a golden picture, centred on a 640 × 480 grey frame, 3 frames.
function y4m(pngPath, file) {
  const png = decodePng(readFileSync(pngPath));
  const W = 640, H = 480, scale = Math.max(1, Math.floor(Math.min(W, H) / 1.4 / png.width));
  const y = Buffer.alloc(W * H, 200);
  const ox = (W - png.width * scale) >> 1, oy = (H - png.height * scale) >> 1;
  for (let j = 0; j < png.height * scale; j++)
    for (let i = 0; i < png.width * scale; i++) {
      const p = ((Math.floor(j / scale) * png.width) + Math.floor(i / scale)) * 4;
      y[(oy + j) * W + ox + i] = png.data[p];
    }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let f = 0; f < 3; f++) parts.push(Buffer.from("FRAME\n"), y, chroma);
  writeFileSync(file, Buffer.concat(parts));
}

before(async () => {
  browser = await open({
    name: "web",
    prepare(scratch) {
      const video = join(scratch, "camera.y4m");
      y4m(join(vectors, CAMERA.image), video);
      return [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ];
    },
    options: { isMobile: false },
  });
  ({ page, shot } = browser);
  await browser.context.grantPermissions(["camera"], { origin: browser.origin });
});

after(async () => {
  await browser?.close();
});

test("the camera reads a golden code and shows the accept screen with the name", async () => {
  await shot("1-start");
  await page.getByRole("button", { name: /Start camera/ }).click();
  const verdict = page.locator('[data-verdict="accept"]');
  await verdict.waitFor({ timeout: 30000 });
  assert.match(await verdict.innerText(), /CHẤP NHẬN · ACCEPT/);
  assert.match(await verdict.innerText(), new RegExp(CAMERA.name));
  assert.match(await verdict.innerText(), /QRQG|PC-Covid|VNEID/i);
  await shot("2-camera-accept");
  await page.getByRole("button", { name: /Stop camera/ }).click();
});

test("a picture is read from a file", async () => {
  await page.getByRole("tab", { name: /Picture/ }).click();
  await page.getByLabel(/Choose a picture/).setInputFiles(join(vectors, PICTURE.image));
  const verdict = page.locator('[data-verdict="accept"]');
  await page.waitForFunction((name) => document.querySelector("#result")?.innerText.includes(name), PICTURE.name);
  assert.match(await verdict.innerText(), new RegExp(PICTURE.name));
  await shot("3-picture-accept");
});

test("a tampered code is refused with its reason, in Vietnamese and English", async () => {
  await page.getByLabel(/Choose a picture/).setInputFiles(join(vectors, TAMPERED.image));
  const verdict = page.locator('[data-verdict="refuse"]');
  await verdict.waitFor({ timeout: 10000 });
  const text = await verdict.innerText();
  assert.match(text, /TỪ CHỐI · REFUSE/);
  assert.match(text, /Chữ ký không hợp lệ/);
  assert.equal(await verdict.locator(`li[data-code="${TAMPERED.reason}"]`).count(), 1);
  await shot("4-tampered-refuse");
});

test("a pasted text is read", async () => {
  await page.getByRole("tab", { name: /Text/ }).click();
  await page.getByLabel(/Paste the code's text/).fill("001087029317|nguyen le|1987-02-30|0|162979388586171100|");
  await page.getByRole("button", { name: /Check/ }).click();
  const verdict = page.locator('[data-verdict="refuse"]');
  await verdict.waitFor({ timeout: 10000 });
  assert.equal(await verdict.locator('li[data-code="full-name-lowercase"]').count(), 1);
  assert.equal(await verdict.locator('li[data-code="birth-date-invalid"]').count(), 1);
  await shot("5-text-refuse");
});

test("the trust list in force is shown with its validity", async () => {
  await page.getByRole("tab", { name: /Trust list/ }).click();
  const info = await page.locator("#trust-info").innerText();
  assert.match(info, /2022-06-01T00:00:00Z/);
  assert.match(info, /Bundled test list/);
  await shot("6-trust-list");
});

test("accessibility basics: every control is labelled, verdicts are words", async () => {
  const unlabelled = await unlabelledControls(page, "input, textarea, select, button, video");
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.locator("#result").getAttribute("aria-live"), "polite");
  assert.equal(await page.locator("html").getAttribute("lang"), "vi");
});

test("no request leaves the page's own origin", () => {
  const { requests, origin } = browser;
  const foreign = requests.filter((url) => !url.startsWith(origin + "/") && !url.startsWith("blob:"));
  assert.deepEqual(foreign, []);
  assert.ok(requests.length > 3);
});

test("the page works offline once loaded: server stopped, page reloaded", async () => {
  await browser.offline();
  await page.getByRole("tab", { name: /Text/ }).click();
  const code = "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|";
  await page.getByLabel(/Paste the code's text/).fill(code);
  await page.getByRole("button", { name: /Check/ }).click();
  await page.locator('[data-verdict="accept"]').waitFor({ timeout: 10000 });
  await shot("7-offline-accept");
});
