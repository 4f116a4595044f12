// Time to read one 1280 × 720 camera frame holding a golden code, in Node.js:
// `node bench/frame.mjs [ROUNDS]` after build.sh. The browser figure comes from
// web/bench/frame.mjs. Prints the median and the slowest round, in milliseconds, for the
// camera loop's call (readCameraFrame) and for a frame read as a picture (readImageData).
import { readFileSync } from "node:fs";
import qr1405, { vectors, trustList, rootKey } from "../test/load.mjs";
import { decodePng } from "../test/png.mjs";

export function frame1280(png, scale = 2) {
  const W = 1280, H = 720;
  const data = new Uint8ClampedArray(W * H * 4).fill(190);
  const ox = (W - png.width * scale) >> 1, oy = (H - png.height * scale) >> 1;
  for (let y = 0; y < png.height * scale; y++)
    for (let x = 0; x < png.width * scale; x++) {
      const s = (Math.floor(y / scale) * png.width + Math.floor(x / scale)) * 4;
      data.set(png.data.subarray(s, s + 4), ((oy + y) * W + ox + x) * 4);
    }
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width: W, height: H };
}

const rounds = Number(process.argv[2] ?? 30);
const reader = new qr1405.Reader(trustList, rootKey);
const png = decodePng(readFileSync(vectors + "vectors/signed-cmnd-self-masked.png"));
const frame = frame1280(png);
const empty = { data: new Uint8ClampedArray(1280 * 720 * 4).fill(190), width: 1280, height: 720 };
for (const call of ["readCameraFrame", "readImageData"]) {
  for (const [name, f] of [["with a code", frame], ["without a code", empty]]) {
    const times = [];
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      const reading = reader[call](f, new Date());
      times.push(performance.now() - start);
      if (name === "with a code" && reading.verdict !== "accept") throw new Error(JSON.stringify(reading));
    }
    times.sort((a, b) => a - b);
    console.log(`${call}, 1280 × 720 frame ${name}: median ${times[rounds >> 1].toFixed(1)} ms, slowest ${times[rounds - 1].toFixed(1)} ms (${rounds} rounds)`);
  }
}
