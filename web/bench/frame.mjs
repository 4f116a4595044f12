// Time to read one 1280 × 720 camera frame in Chromium: `node bench/frame.mjs [ROUNDS]`
// from web/, after build.sh and `cargo build -p qr1405-cli`. The page's own package draws a
// code (renderPng, 2 px a module) in the middle of a grey 1280 × 720 canvas; the frames
// without a code are that grey canvas alone and a canvas of seeded noise (every pixel a random
// grey, the busiest picture for a finder-pattern search). Each frame is read with
// readCameraFrame, as the camera loop reads it, and with readImageData, as a picture is read.
// Prints median and slowest, in ms.
import { open } from "../tests/harness.mjs";

const rounds = Number(process.argv[2] ?? 30);
// The browser tests' harness: the page served by `qr1405 serve`, Chromium, the page ready.
const browser = await open({ name: "bench" });
try {
  const { page } = browser;
  const result = await page.evaluate(async (rounds) => {
    const q = await import("./pkg/qr1405.js");
    await q.default();
    const [list, root] = await Promise.all(["trust/trust-list.json", "trust/root.pub"].map((f) => fetch(f).then((r) => r.text())));
    const reader = new q.Reader(list, root);
    const code = "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|";
    const png = q.renderPng(code, { modulePx: 2 });
    const bitmap = await createImageBitmap(new Blob([png], { type: "image/png" }));
    const canvas = new OffscreenCanvas(1280, 720);
    const ctx = canvas.getContext("2d");
    const out = {};
    for (const call of ["readCameraFrame", "readImageData"])
      for (const [name, kind] of [["with a code", "code"], ["without a code", "grey"], ["of noise, without a code", "noise"]]) {
        const draw = kind === "code";
        ctx.fillStyle = "#bebebe";
        ctx.fillRect(0, 0, 1280, 720);
        if (draw) ctx.drawImage(bitmap, (1280 - bitmap.width) >> 1, (720 - bitmap.height) >> 1);
        const frame = ctx.getImageData(0, 0, 1280, 720);
        if (kind === "noise") {
          let seed = 1405;
          for (let i = 0; i < frame.data.length; i += 4) {
            seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
            frame.data[i] = frame.data[i + 1] = frame.data[i + 2] = seed >>> 24;
            frame.data[i + 3] = 255;
          }
        }
        const times = [];
        for (let i = 0; i < rounds; i++) {
          const start = performance.now();
          const reading = reader[call](frame, new Date());
          times.push(performance.now() - start);
          if (draw && reading.verdict !== "accept") throw new Error(JSON.stringify(reading));
        }
        times.sort((a, b) => a - b);
        out[`${call}, 1280 × 720 frame ${name}`] = [times[rounds >> 1], times[rounds - 1]];
      }
    return out;
  }, rounds);
  for (const [name, [median, slowest]] of Object.entries(result))
    console.log(`Chromium, ${name}: median ${median.toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms (${rounds} rounds)`);
} finally {
  await browser.close();
}
