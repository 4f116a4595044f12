// Loads the built package (bindings/wasm/pkg/, made by build.sh) for the Node.js tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as qr1405 from "../pkg/qr1405.js";

export const here = (path) => fileURLToPath(new URL(path, import.meta.url));
qr1405.initSync({ module: readFileSync(here("../pkg/qr1405_bg.wasm")) });

export const vectors = here("../../../conformance-vectors/");
export const trustList = readFileSync(vectors + "trust-list.json", "utf8");
export const rootKey = readFileSync(vectors + "root.pub", "utf8");
export default qr1405;
