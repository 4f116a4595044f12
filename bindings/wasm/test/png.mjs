// A PNG's pixels as RGBA, for the tests: greyscale of 1, 2, 4 or 8 bits, or 8-bit grey+alpha,
// RGB or RGBA, not interlaced (what the golden vectors and the renderer write). Node has zlib; no package
// is needed.
import { inflateSync } from "node:zlib";

export function decodePng(bytes) {
  const buf = Buffer.from(bytes);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error("not a png");
  let pos = 8, width, height, depth, type, interlace;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const name = buf.toString("latin1", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (name === "IHDR") {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      depth = data[8]; type = data[9]; interlace = data[12];
    } else if (name === "IDAT") idat.push(data);
    else if (name === "IEND") break;
    pos += 12 + len;
  }
  const channels = { 0: 1, 4: 2, 2: 3, 6: 4 }[type];
  const grey = type === 0 && [1, 2, 4, 8].includes(depth);
  if (!(depth === 8 || grey) || !channels || interlace !== 0)
    throw new Error(`png of depth ${depth}, colour type ${type}, interlace ${interlace}: unsupported`);
  const raw = inflateSync(Buffer.concat(idat));
  // Filters work on bytes: `channels` bytes a pixel at 8 bits, 1 below.
  const stride = Math.ceil((width * channels * depth) / 8);
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[y * stride + x] = v & 0xff;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (depth < 8) {
    const max = (1 << depth) - 1;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const bit = x * depth;
        const byte = px[y * stride + (bit >> 3)];
        const v = Math.round((((byte >> (8 - depth - (bit & 7))) & max) * 255) / max);
        rgba.set([v, v, v, 255], (y * width + x) * 4);
      }
    return { width, height, data: rgba };
  }
  for (let i = 0; i < width * height; i++) {
    const p = px.subarray(i * channels, (i + 1) * channels);
    const [r, g, b] = channels >= 3 ? [p[0], p[1], p[2]] : [p[0], p[0], p[0]];
    const alpha = channels === 2 ? p[1] : channels === 4 ? p[3] : 255;
    rgba.set([r, g, b, alpha], i * 4);
  }
  return { width, height, data: rgba };
}
