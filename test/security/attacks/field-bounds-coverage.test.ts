import type { BetterAuthOptions } from "better-auth";
import { describe, expect, it } from "vitest";
import { EVERY_ENDPOINT, FIELD_BOUNDS, UNSTORED_FIELDS } from "@/lib/account/field-bounds";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { callAuth } from "@/test/http";

const getDb = withTestDatabase();

type ZodLike = { _zod: { def: Record<string, unknown> & { type: string } } };

/** Types whose values are bounded by the type itself. */
const BOUNDED_BY_TYPE = new Set(["boolean", "enum", "literal", "number", "date", "null"]);

/** Each field a body or query schema accepts that can carry unbounded text; "*" for any key. */
function unboundedFields(schema: ZodLike | undefined): string[] {
  if (!schema) return [];
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
      return unboundedFields(def.innerType as ZodLike);
    case "pipe":
      return unboundedFields(def.in as ZodLike);
    case "intersection":
      return [...unboundedFields(def.left as ZodLike), ...unboundedFields(def.right as ZodLike)];
    case "union":
      return (def.options as ZodLike[]).flatMap(unboundedFields);
    case "record":
      return ["*"];
    case "object":
      return Object.entries(def.shape as Record<string, ZodLike>)
        .filter(([, field]) => !boundedByType(field))
        .map(([name]) => name);
    default:
      throw new Error(`a body or query of type ${def.type}: teach this walker about it`);
  }
}

function boundedByType(schema: ZodLike): boolean {
  const def = schema._zod.def;
  if (["optional", "nullable", "default"].includes(def.type))
    return boundedByType(def.innerType as ZodLike);
  if (def.type === "union") return (def.options as ZodLike[]).every(boundedByType);
  return BOUNDED_BY_TYPE.has(def.type);
}

/** The row an endpoint with a free-form body ("*": any key) writes its keys into. */
const RECORD_BODY_MODEL: Record<string, "user" | "session"> = {
  "/sign-up/email": "user",
  "/update-user": "user",
  "/update-session": "session",
};

/** Every endpoint reachable over HTTP with each field it accepts that no type bounds. */
async function acceptedFields() {
  const { tables } = await auth().$context;
  /** A free-form body may carry any string column of its row (Better Auth picks which it keeps). */
  const columnsFor = (path: string) => {
    const model = RECORD_BODY_MODEL[path];
    if (!model) throw new Error(`${path} takes any key: say which row it writes`);
    return Object.entries(tables[model]?.fields ?? {})
      .filter(([, column]) => column.type === "string" && column.input !== false)
      .map(([name]) => name);
  };
  const endpoints = Object.values(auth().api) as {
    path?: string;
    options: { body?: ZodLike; query?: ZodLike; metadata?: { SERVER_ONLY?: boolean } };
  }[];
  return endpoints
    .filter((endpoint) => endpoint.path && !endpoint.options.metadata?.SERVER_ONLY)
    .flatMap(({ path = "", options }) =>
      (["body", "query"] as const).flatMap((where) => {
        const fields = unboundedFields(options[where]);
        const expanded = fields.includes("*") ? [...fields, ...columnsFor(path)] : fields;
        return [...new Set(expanded)].map((field) => ({ path, where, field }));
      }),
    );
}

describe("every field Better Auth's endpoints accept has a bound", () => {
  it("each string or structured field is bounded in lib/account/field-bounds.ts or listed as never stored", async () => {
    const fields = await acceptedFields();
    expect(fields.length).toBeGreaterThan(20);
    const missing = fields.filter(
      ({ path, where, field }) =>
        !FIELD_BOUNDS[path]?.[where]?.[field] &&
        !EVERY_ENDPOINT[field] &&
        !UNSTORED_FIELDS[path]?.[field],
    );
    expect(missing).toEqual([]);
  });

  it("no user or session field that accepts input (kept from any extra key) is a string", () => {
    const options = auth().options as BetterAuthOptions;
    const declared = (model: "user" | "session") => ({
      ...options[model]?.additionalFields,
      ...Object.assign(
        {},
        ...(options.plugins ?? []).map((plugin) => plugin.schema?.[model]?.fields ?? {}),
      ),
    });
    // The walk sees plugins' fields (two-factor's flag, set by the server only).
    expect(Object.keys(declared("user"))).toContain("twoFactorEnabled");
    for (const model of ["user", "session"] as const) {
      const accepting = Object.entries(
        declared(model) as Record<string, { type: unknown; input?: boolean }>,
      ).filter(([, field]) => field.input !== false && !BOUNDED_BY_TYPE.has(String(field.type)));
      expect(accepting.map(([name]) => `${model}.${name}`)).toEqual([]);
    }
  });
});

/** The other fields an endpoint needs, so the bound under test is the one that refuses. */
const VALID_REST: Record<string, Record<string, string>> = {
  "/sign-up/email": {
    name: "Bounded",
    email: "bounded@example.com",
    password: "a good passphrase",
  },
  "/passkey/update-passkey": { name: "My key" },
};
const OVERSIZED = "x".repeat(100_000);

function boundedCalls() {
  const calls = Object.entries(FIELD_BOUNDS).flatMap(([path, { body = {}, query = {} }]) => [
    ...Object.entries(body).map(([field, bound]) => ({ path, where: "body", field, bound })),
    ...Object.entries(query).map(([field, bound]) => ({ path, where: "query", field, bound })),
  ]);
  const redirects = Object.entries(EVERY_ENDPOINT).flatMap(([field, bound]) => [
    { path: "/sign-up/email", where: "body", field, bound },
    { path: "/verify-email", where: "query", field, bound },
  ]);
  return [...calls, ...redirects].map((call) => ({
    ...call,
    route: call.path.replace(":id", "google"),
    // A redirect target that is a path on this site, so only its length is wrong.
    value: EVERY_ENDPOINT[call.field] ? `/${OVERSIZED}` : OVERSIZED,
  }));
}

describe("every bound holds over HTTP", () => {
  it.each(boundedCalls())(
    "$path refuses a 100,000-character $field ($where) with 400 $bound.code, storing nothing",
    async ({ route, path, where, field, bound, value }) => {
      const before = await getDb().selectFrom("user").select("id").execute();
      const url = where === "query" ? `${route}?${new URLSearchParams({ [field]: value })}` : route;
      const res = await callAuth(
        url,
        where === "body" ? { method: "POST", json: { ...VALID_REST[path], [field]: value } } : {},
      );
      expect(res.status).toBe(400);
      const answer = await res.json();
      expect(answer.code).toBe(bound.code);
      expect(answer.message).toMatch(new RegExp(`^${field}: `));
      expect(await getDb().selectFrom("user").select("id").execute()).toEqual(before);
    },
  );
});
