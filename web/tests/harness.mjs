// What every browser test of the page shares: the page served by `qr1405 serve` on
// 127.0.0.1, Debian's Chromium driven by playwright-core with a profile of its own, every
// request the page makes recorded, screenshots in web/test-results/ (gitignored), and the
// offline reload with the server stopped and the network cut.
//
// Needs web/build.sh run first, and the qr1405 binary (QR1405_BIN, default
// target/debug/qr1405). CHROMIUM overrides /usr/bin/chromium.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const web = fileURLToPath(new URL("..", import.meta.url));
export const root = join(web, "..");
export const vectors = join(root, "conformance-vectors/vectors");
export const shots = join(web, "test-results");
export const binary = process.env.QR1405_BIN ?? join(root, "target/debug/qr1405");
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

// A headless Chromium that asks nothing of the network but the page's own requests.
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** The page is loaded and its reader ready. */
export const READY = /Sẵn sàng · Ready/;

/**
 * Serves web/, opens it in a fresh Chromium profile and waits until the page is ready.
 * `prepare(scratch)` may write files into the test's scratch folder before the browser
 * starts and returns extra Chromium arguments; `options` are playwright's context options.
 */
export async function open({ name, prepare, options = {} }) {
  for (const need of ["pkg/qr1405_bg.wasm", "trust/trust-list.json"])
    assert.ok(existsSync(join(web, need)), `web/${need} is missing: run web/build.sh`);
  assert.ok(existsSync(binary), `${binary} is missing: cargo build -p qr1405-cli`);
  mkdirSync(shots, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), `qr1405-${name}-`));
  const extra = prepare ? await prepare(scratch) : [];

  const server = spawn(binary, ["serve", "--port", "0", "--dir", web], { stdio: ["ignore", "pipe", "inherit"] });
  const origin = await new Promise((resolve, reject) => {
    server.stdout.once("data", (chunk) => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(String(chunk));
      m ? resolve(m[1]) : reject(new Error(`qr1405 serve said: ${chunk}`));
    });
    server.once("exit", (code) => reject(new Error(`qr1405 serve exited ${code}`)));
  });

  const context = await chromium.launchPersistentContext(join(scratch, "profile"), {
    executablePath: browserPath,
    headless: true,
    args: [...ARGS, ...extra],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(origin + "/");
  await page.getByText(READY).waitFor({ timeout: 30000 });

  let running = true;
  return {
    origin,
    context,
    page,
    scratch,
    /** Every URL the page asked for. */
    requests,
    /** A full-page screenshot, web/test-results/NAME.png. */
    shot: (file) => page.screenshot({ path: join(shots, `${file}.png`), fullPage: true }),
    /**
     * Offline: the service worker made to control the page, then the server stopped, the
     * network cut and the page reloaded from the worker's cache until it is ready.
     */
    async offline() {
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // Reload once so the worker controls the page and has answered from its cache.
      await page.reload();
      await page.getByText(READY).waitFor({ timeout: 30000 });
      running = false;
      server.kill();
      await new Promise((resolve) => server.once("exit", resolve));
      await context.setOffline(true);
      await page.reload();
      await page.getByText(READY).waitFor({ timeout: 30000 });
    },
    async close() {
      await context.close();
      if (running) server.kill();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * The controls matching `selector` on `page` that have no label: no `<label for>`, no
 * `aria-label` and no text. Each is given by its HTML, for the failure message.
 */
export async function unlabelledControls(page, selector) {
  return page.evaluate((selector) =>
    [...document.querySelectorAll(selector)]
      .filter((e) => {
        const byFor = e.id && document.querySelector(`label[for="${e.id}"]`);
        const text = (e.getAttribute("aria-label") ?? e.textContent ?? "").trim();
        return !byFor && !text;
      })
      .map((e) => e.outerHTML),
  selector);
}
