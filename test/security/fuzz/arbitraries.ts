import fc from "fast-check";

/** FUZZ_RUNS scales every property up (or down) from its bounded CI default. */
export function runs(ciDefault: number): number {
  const scale = Number(process.env.FUZZ_RUNS ?? "");
  return Number.isFinite(scale) && scale > 0
    ? Math.max(1, Math.round(ciDefault * scale))
    : ciDefault;
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Characters that break naive code: NUL, controls, RTL overrides, zero-widths, BOM, astral emoji. */
const trickyChar = fc.constantFrom(
  "\u0000",
  "\u0007",
  "\n",
  "\r",
  "\t",
  "\u00a0",
  "\u200b",
  "\u200e",
  "\u202e",
  "\u2066",
  "\u2028",
  "\ufeff",
  "\uffff",
  "😀",
  "👩‍👩‍👧",
  "é",
  "e\u0301",
  "ﬀ",
  "\\",
  '"',
  "'",
  "<",
  "%",
  "@",
  "|",
);

/** Arbitrary text: any code unit (lone surrogates included), graphemes, tricky characters. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({
    unit: fc.oneof(trickyChar, loneSurrogate, fc.string({ minLength: 1, maxLength: 1 })),
    maxLength: 40,
  }),
  fc.constantFrom(
    "",
    " ",
    "\t\n ",
    "\u0000",
    "null",
    "undefined",
    "true",
    "0",
    "-1",
    "NaN",
    "__proto__",
    "constructor",
  ),
);

/** Sometimes huge: from a few hundred to a few hundred thousand characters. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(
    nastyString.filter((s) => s.length > 0),
    fc.integer({ min: 100, max: 300_000 }),
  )
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

export const anyString = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: longString },
);

/** Values of every JSON and non-JSON type: the "wrong type" half of the fuzz. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
  }),
  fc.constantFrom(null, undefined, true, false, 0, -0, Number.NaN, Infinity, 1e308, [], {}),
);

export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom("title", "completed", "id", "__proto__", "constructor", "extra"),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  fc.record({ title: fc.oneof(anyString, fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] }),
  fc.record(
    { completed: fc.jsonValue({ maxDepth: 1 }), title: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: [] },
  ),
);

/** `depth` levels of arrays or objects around a leaf: too deep for any recursive walker. */
export function deeplyNested(depth: number, kind: "array" | "object" = "array"): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { title: value };
  return value;
}

/** The same, as JSON text built without recursion (JSON.stringify would recurse). */
export function deeplyNestedJson(depth: number, kind: "array" | "object" = "array"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}1${"]".repeat(depth)}`
    : `${'{"title":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** An object where the schema expects one, with arbitrary values under the names it reads. */
export function objectWith(keys: string[]): fc.Arbitrary<Partial<Record<string, unknown>>> {
  const entries = Object.fromEntries(keys.map((key) => [key, anyValue]));
  return fc.record(entries, { requiredKeys: [] });
}

/** Form fields arrive as strings: arbitrary strings under the names the schema reads. */
export function formWith(keys: string[]): fc.Arbitrary<Partial<Record<string, string>>> {
  const entries = Object.fromEntries(keys.map((key) => [key, anyString]));
  return fc.record(entries, { requiredKeys: [] });
}

/** A request body from any value: JSON when it has one, else fast-check's own rendering. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return fc.stringify(value);
  }
}
