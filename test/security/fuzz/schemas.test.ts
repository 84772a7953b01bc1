import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/account/lengths-and-lifetimes";
import { normalizePassword } from "@/lib/account/password-rules";
import {
  changeEmailInput,
  changePasswordInput,
  confirmPasswordInput,
  emailField,
  emailOnlyInput,
  newPasswordField,
  resetPasswordInput,
  signInInput,
  signUpInput,
  updateNameInput,
} from "@/lib/account/schema";
import { parseEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { fieldErrors, parseOrThrow } from "@/lib/http/request";
import { createTodoInput, toggleAllInput, updateTodoInput } from "@/lib/todos/commands";
import { decodeCursor, encodeCursor } from "@/lib/todos/cursor";
import {
  listTodosQuery,
  TITLE_MAX_LENGTH,
  todoFilter,
  todoId,
  todoTitle,
} from "@/lib/todos/schema";
import {
  anyString,
  anyValue,
  deeplyNested,
  formWith,
  nastyString,
  objectWith,
  runs,
} from "./arbitraries";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** zod 4 and Postgres count length in code points, as a person sees characters. */
const codePoints = (text: string) => [...text].length;

/**
 * The property every schema must have: for any input, safeParse answers (never throws), parse
 * throws nothing but a ZodError, fieldErrors turns the failure into strings, and whatever is
 * accepted satisfies `invariant` (given the input and the output).
 */
function assertSafe<T extends z.ZodType>(
  schema: T,
  input: fc.Arbitrary<unknown>,
  invariant: (output: z.infer<T>, raw: unknown) => void,
  numRuns = runs(300),
) {
  fc.assert(
    fc.property(input, (raw) => {
      const result = schema.safeParse(raw);
      if (result.success) {
        invariant(result.data, raw);
        return;
      }
      for (const message of Object.values(fieldErrors(result.error))) {
        expect(typeof message).toBe("string");
        expect(message.length).toBeGreaterThan(0);
      }
      expect(() => schema.parse(raw)).toThrow(z.ZodError);
    }),
    { numRuns },
  );
}

/** A field's values: arbitrary strings most of the time, other types and huge/deep values too. */
const fieldValue = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 1, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.constant(deeplyNested(10_000)) },
);

function expectTitle(title: string) {
  expect(title).toBe(title.trim());
  expect(title.length).toBeGreaterThan(0);
  expect(codePoints(title)).toBeLessThanOrEqual(TITLE_MAX_LENGTH);
  expect(title).not.toContain("\u0000");
  // A lone surrogate cannot be stored as UTF-8: Postgres would silently turn it into U+FFFD.
  expect(title.isWellFormed()).toBe(true);
}

function expectEmail(email: string, raw: unknown) {
  expect(email).toBe(String(raw).trim().toLowerCase());
  expect(codePoints(email)).toBeLessThanOrEqual(254);
  expect(email).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);
}

function expectNewPassword(password: string) {
  const length = codePoints(normalizePassword(password));
  expect(length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
  expect(length).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
}

describe("fuzz: todo schemas", () => {
  it("todoTitle accepts only trimmed, non-empty, well-formed, NUL-free titles of at most 500 characters", () => {
    assertSafe(todoTitle, fieldValue, (title, raw) => {
      expectTitle(title);
      expect(title).toBe((raw as string).trim());
    });
  });

  it("todoTitle accepts every well-formed string whose trimmed form is 1-500 characters without NUL", () => {
    fc.assert(
      fc.property(nastyString, (raw) => {
        const trimmed = raw.trim();
        const valid =
          trimmed.length > 0 &&
          codePoints(trimmed) <= 500 &&
          !trimmed.includes("\0") &&
          trimmed.isWellFormed();
        expect(todoTitle.safeParse(raw).success).toBe(valid);
      }),
      { numRuns: runs(300) },
    );
  });

  it("todoId accepts only UUIDs, unchanged", () => {
    assertSafe(
      todoId,
      fc.oneof(
        fieldValue,
        fc.uuid(),
        fc.uuid().map((u) => ` ${u}`),
      ),
      (id, raw) => {
        expect(id).toBe(raw);
        expect(id).toMatch(UUID);
      },
    );
  });

  it("todoFilter accepts only all, active and completed", () => {
    assertSafe(todoFilter, fc.oneof(fieldValue, fc.constantFrom("all", "active", "ALL")), (f) => {
      expect(["all", "active", "completed"]).toContain(f);
    });
  });

  it("createTodoInput accepts {title} with a valid title, a UUID id and a real updatedAt at most", () => {
    assertSafe(
      createTodoInput,
      fc.oneof(fieldValue, objectWith(["title", "completed", "id", "updatedAt"])),
      (input) => {
        for (const key of Object.keys(input)) expect(["title", "id", "updatedAt"]).toContain(key);
        expectTitle(input.title);
        if (input.id !== undefined) expect(input.id).toMatch(/^[0-9a-f-]{36}$/i);
        if (input.updatedAt !== undefined)
          expect(Number.isNaN(input.updatedAt.getTime())).toBe(false);
      },
    );
  });

  it("updateTodoInput accepts only a valid title and/or a boolean completed, at least one", () => {
    assertSafe(
      updateTodoInput,
      fc.oneof(fieldValue, objectWith(["title", "completed", "userId"])),
      (patch) => {
        expect(patch.title !== undefined || patch.completed !== undefined).toBe(true);
        for (const key of Object.keys(patch))
          expect(["title", "completed", "updatedAt"]).toContain(key);
        if (patch.title !== undefined) expectTitle(patch.title);
        if (patch.completed !== undefined) expect(typeof patch.completed).toBe("boolean");
      },
    );
  });

  it("toggleAllInput accepts only {completed: boolean} and a real updatedAt", () => {
    assertSafe(toggleAllInput, fc.oneof(fieldValue, objectWith(["completed"])), (input) => {
      for (const key of Object.keys(input)) expect(["completed", "updatedAt"]).toContain(key);
      expect(typeof input.completed).toBe("boolean");
    });
  });

  it("listTodosQuery turns any query string into a filter, a bounded cursor and a limit of 1-200", () => {
    const query = fc.dictionary(
      fc.oneof(fc.constantFrom("filter", "cursor", "limit"), nastyString),
      anyString,
    );
    assertSafe(listTodosQuery, fc.oneof(query, formWith(["filter", "cursor", "limit"])), (q) => {
      expect(["all", "active", "completed"]).toContain(q.filter);
      expect(Number.isInteger(q.limit)).toBe(true);
      expect(q.limit).toBeGreaterThanOrEqual(1);
      expect(q.limit).toBeLessThanOrEqual(200);
      if (q.cursor !== undefined) expect(codePoints(q.cursor)).toBeLessThanOrEqual(200);
    });
  });

  it("parseOrThrow throws only a 400 ApiError whose fields are strings", () => {
    fc.assert(
      fc.property(fieldValue, (raw) => {
        try {
          parseOrThrow(createTodoInput, raw);
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).status).toBe(400);
          expect((error as ApiError).message.length).toBeGreaterThan(0);
          for (const m of Object.values((error as ApiError).fields ?? {}))
            expect(typeof m).toBe("string");
        }
      }),
      { numRuns: runs(200) },
    );
  });
});

describe("fuzz: todo cursor", () => {
  it("decodeCursor never throws and yields only a valid date and a numeric seq", () => {
    const raw = fc.oneof(
      anyString,
      fc.string().map((s) => Buffer.from(s).toString("base64url")),
      fc
        .tuple(
          fc.oneof(
            fc.date().map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())),
            nastyString,
          ),
          nastyString,
        )
        .map(([iso, seq]) => Buffer.from(`${iso}|${seq}`).toString("base64url")),
    );
    fc.assert(
      fc.property(raw, (cursor) => {
        const decoded = decodeCursor(cursor);
        if (decoded === undefined) return;
        expect(Number.isNaN(decoded.createdAt.getTime())).toBe(false);
        expect(decoded.seq).toMatch(/^\d{1,19}$/);
      }),
      { numRuns: runs(500) },
    );
  });

  it("decodeCursor gives back exactly what encodeCursor issued", () => {
    const cursor = fc.record({
      createdAt: fc.date({ min: new Date(0), max: new Date("9999-12-31"), noInvalidDate: true }),
      seq: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
    });
    fc.assert(
      fc.property(cursor, (c) => {
        expect(decodeCursor(encodeCursor(c))).toEqual(c);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe("fuzz: account form schemas", () => {
  it("emailField accepts only a trimmed, lower-cased address of at most 254 characters", () => {
    const emails = fc.oneof(
      fieldValue,
      fc.emailAddress(),
      fc.tuple(fc.emailAddress(), nastyString).map(([e, s]) => ` ${e.toUpperCase()}${s}`),
    );
    assertSafe(emailField, emails, expectEmail);
  });

  it("signUpInput accepts a trimmed name of 1-100 characters, a valid email and a policy-compliant password that is not the email", () => {
    const form = fc.oneof(
      fieldValue,
      formWith(["name", "email", "password"]),
      fc.record({ name: anyString, email: fc.emailAddress(), password: anyString }),
    );
    assertSafe(signUpInput, form, (input, raw) => {
      expect(input.name).toBe(input.name.trim());
      expect(input.name.length).toBeGreaterThan(0);
      expect(codePoints(input.name)).toBeLessThanOrEqual(100);
      expectEmail(input.email, (raw as { email: string }).email);
      expectNewPassword(input.password);
      expect(normalizePassword(input.password).toLowerCase()).not.toBe(input.email);
    });
  });

  it("signInInput bounds the password to 1-128 and reads rememberMe as a boolean", () => {
    const form = fc.oneof(
      fieldValue,
      formWith(["email", "password", "rememberMe", "next"]),
      fc.record(
        {
          email: fc.emailAddress(),
          password: anyString,
          rememberMe: fc.oneof(anyString, fc.constantFrom("on", "true", "false", "1", "0")),
          next: anyString,
        },
        { requiredKeys: ["email", "password"] },
      ),
    );
    assertSafe(signInInput, form, (input) => {
      expect(input.password.length).toBeGreaterThan(0);
      expect(codePoints(input.password)).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
      expect(typeof input.rememberMe).toBe("boolean");
      if (input.next !== undefined) expect(typeof input.next).toBe("string");
    });
  });

  it("emailOnlyInput and changeEmailInput accept only a valid email", () => {
    const form = fc.oneof(
      fieldValue,
      formWith(["email", "newEmail"]),
      fc.record({ email: fc.emailAddress(), newEmail: fc.emailAddress() }),
    );
    assertSafe(emailOnlyInput, form, (input, raw) =>
      expectEmail(input.email, (raw as { email: string }).email),
    );
    assertSafe(changeEmailInput, form, (input, raw) =>
      expectEmail(input.newEmail, (raw as { newEmail: string }).newEmail),
    );
  });

  it("resetPasswordInput bounds the token to 1-200 characters and applies the password policy", () => {
    const form = fc.oneof(fieldValue, formWith(["token", "newPassword"]));
    assertSafe(resetPasswordInput, form, (input) => {
      expect(input.token.length).toBeGreaterThan(0);
      expect(codePoints(input.token)).toBeLessThanOrEqual(200);
      expectNewPassword(input.newPassword);
    });
  });

  it("updateNameInput accepts only a trimmed name of 1-100 characters", () => {
    assertSafe(updateNameInput, fc.oneof(fieldValue, formWith(["name"])), (input, raw) => {
      expect(input.name).toBe((raw as { name: string }).name.trim());
      expect(input.name.length).toBeGreaterThan(0);
      expect(codePoints(input.name)).toBeLessThanOrEqual(100);
    });
  });

  it("changePasswordInput bounds the current password and applies the policy to the new one", () => {
    const form = fc.oneof(
      fieldValue,
      formWith(["currentPassword", "newPassword", "revokeOtherSessions"]),
    );
    assertSafe(changePasswordInput, form, (input) => {
      expect(input.currentPassword.length).toBeGreaterThan(0);
      expect(codePoints(input.currentPassword)).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
      expectNewPassword(input.newPassword);
      expect(typeof input.revokeOtherSessions).toBe("boolean");
    });
  });

  it("confirmPasswordInput bounds the password to 1-128 characters", () => {
    assertSafe(confirmPasswordInput, fc.oneof(fieldValue, formWith(["password"])), (input) => {
      expect(input.password.length).toBeGreaterThan(0);
      expect(codePoints(input.password)).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
    });
  });

  it("newPasswordField accepts exactly the passwords of 8-128 normalized characters that are not common", () => {
    assertSafe(
      newPasswordField,
      fc.oneof(fieldValue, fc.constantFrom("password", "Password1", "12345678")),
      (p) => expectNewPassword(p),
    );
  });
});

describe("fuzz: environment", () => {
  it("parseEnv either returns a complete environment or throws a plain Error that never echoes the secret", () => {
    const names = [
      "NODE_ENV",
      "VERCEL",
      "BETTER_AUTH_URL",
      "BETTER_AUTH_SECRET",
      "DATABASE_URL",
      "RATE_LIMIT_PREFIX",
      "CLIENT_IP_HEADER",
    ];
    const raw = fc.record(
      {
        ...Object.fromEntries(names.map((name) => [name, anyString])),
        NODE_ENV: fc.oneof(anyString, fc.constantFrom("production", "test", "development")),
        BETTER_AUTH_URL: fc.oneof(anyString, fc.webUrl()),
        // A marker that could never be in a message by chance.
        BETTER_AUTH_SECRET: fc.oneof(
          fc.constant(undefined),
          fc.integer({ min: 0, max: 64 }).map((n) => `SeCrEt-${"s".repeat(n)}`),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(raw, (vars) => {
        try {
          const env = parseEnv(vars);
          expect(env.BETTER_AUTH_SECRET?.length).toBeGreaterThanOrEqual(32);
          expect(() => new URL(env.BETTER_AUTH_URL)).not.toThrow();
          expect(env.RATE_LIMIT_PREFIX).toBe(env.RATE_LIMIT_PREFIX.trim());
          expect(env.RATE_LIMIT_PREFIX.length).toBeGreaterThan(0);
          expect(env.CLIENT_IP_HEADER).toBe(env.CLIENT_IP_HEADER.trim().toLowerCase());
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).constructor).toBe(Error);
          expect((error as Error).message).not.toContain("SeCrEt");
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
