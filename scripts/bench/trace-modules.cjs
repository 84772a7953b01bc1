// Preloaded by scripts/bench/cold-modules.ts: each file Node loads, the first time, with how long
// its load took (inclusive of what it loads), appended to TRACE_FILE as "at-ms \t took-ms \t path".
const Module = require("node:module");
const fs = require("node:fs");

const out = process.env.TRACE_FILE;
const seen = new Set();
const started = Date.now();
const load = Module._load;
Module._load = function traced(request, parent, isMain, ...rest) {
  let file = request;
  try {
    file = Module._resolveFilename(request, parent, isMain);
  } catch {}
  if (!out || seen.has(file)) return load.call(this, request, parent, isMain, ...rest);
  seen.add(file);
  const before = process.hrtime.bigint();
  const result = load.call(this, request, parent, isMain, ...rest);
  const ms = Number(process.hrtime.bigint() - before) / 1e6;
  fs.appendFileSync(out, `${Date.now() - started}\t${ms.toFixed(1)}\t${file}\n`);
  return result;
};
