import { clientIp } from "@/lib/middleware/client-ip";
import type { LimitCheck, RuleName } from "@/lib/rate-limit";

export type LimitedTransport = "api" | "action";

export interface RequestLimits {
  transport: LimitedTransport;
  checks: LimitCheck[];
}

/** Email addresses are hashed before they become limiter keys, so Redis holds no addresses. */
async function emailKey(email: string): Promise<string> {
  const bytes = new TextEncoder().encode(email.trim().toLowerCase());
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `email:${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

async function jsonEmail(request: Request): Promise<string | undefined> {
  try {
    const body = (await request.clone().json()) as { email?: unknown; newEmail?: unknown };
    const email = body?.email ?? body?.newEmail;
    return typeof email === "string" && email.trim() ? email : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fields of a server-action POST, with React's `<prefix>_<n>_` argument prefix removed. Both
 * transports of an action (fetch with JavaScript, a plain form post without) arrive here.
 */
async function actionFields(request: Request): Promise<Map<string, string> | undefined> {
  const type = request.headers.get("content-type") ?? "";
  if (!/multipart\/form-data|application\/x-www-form-urlencoded/i.test(type)) return undefined;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return undefined;
  }
  const keys = [...form.keys()];
  const isAction =
    request.headers.has("next-action") || keys.some((key) => key.startsWith("$ACTION_"));
  if (!isAction) return undefined;
  const fields = new Map<string, string>();
  for (const [key, value] of form) {
    if (typeof value === "string") fields.set(key.replace(/^\d*_\d+_/, ""), value);
  }
  return fields;
}

async function emailChecks(ipRule: RuleName, emailRule: RuleName, ip: string, email?: string) {
  const checks: LimitCheck[] = [{ rule: ipRule, key: `ip:${ip}` }];
  if (email) checks.push({ rule: emailRule, key: await emailKey(email) });
  return checks;
}

type AuthRoute = (ip: string, email: string | undefined, subject: string) => Promise<LimitCheck[]>;

/** A signed-in user re-entering a password: guesses count against the account, from any IP. */
const passwordProof: AuthRoute = async (ip, _email, subject) => [
  { rule: "signInPerIp", key: `ip:${ip}` },
  { rule: "signInPerEmail", key: subject },
];

const AUTH_ROUTES: Record<string, AuthRoute> = {
  "/api/auth/sign-in/email": (ip, email) => emailChecks("signInPerIp", "signInPerEmail", ip, email),
  "/api/auth/sign-up/email": async (ip) => [{ rule: "signUpPerIp", key: `ip:${ip}` }],
  "/api/auth/send-verification-email": (ip, email) =>
    emailChecks("emailPerIp", "emailPerAddress", ip, email),
  "/api/auth/request-password-reset": (ip, email) =>
    emailChecks("emailPerIp", "emailPerAddress", ip, email),
  "/api/auth/change-email": (ip, email) => emailChecks("emailPerIp", "emailPerAddress", ip, email),
  "/api/auth/change-password": passwordProof,
  "/api/auth/delete-user": passwordProof,
  "/api/auth/verify-password": passwordProof,
};

/** Which limits a request counts against, or undefined when none apply. */
export async function limitsFor(
  request: Request,
  userId: string | undefined,
): Promise<RequestLimits | undefined> {
  const { pathname } = new URL(request.url);
  const ip = clientIp(request);
  const subject = userId ? `user:${userId}` : `ip:${ip}`;

  if (pathname.startsWith("/api/auth/")) {
    const route = AUTH_ROUTES[pathname];
    if (request.method !== "POST" || !route) return undefined;
    return { transport: "api", checks: await route(ip, await jsonEmail(request), subject) };
  }
  if (pathname === "/api/todos" || pathname.startsWith("/api/todos/")) {
    const rule: RuleName = request.method === "GET" ? "apiReadsPerUser" : "todoWritesPerUser";
    return { transport: "api", checks: [{ rule, key: subject }] };
  }
  if (request.method !== "POST") return undefined;

  const fields = await actionFields(request);
  if (!fields) return undefined;
  const email = fields.get("email") ?? fields.get("newEmail");
  let checks: LimitCheck[] | undefined;
  if (fields.has("intent")) checks = [{ rule: "todoWritesPerUser", key: subject }];
  else if (fields.has("password") && fields.has("name"))
    checks = [{ rule: "signUpPerIp", key: `ip:${ip}` }];
  else if (fields.has("password") || fields.has("currentPassword")) {
    // Sign-in, or a signed-in user re-entering a password: guesses count against the account.
    checks = await emailChecks("signInPerIp", "signInPerEmail", ip, email);
    if (!email && userId) checks.push({ rule: "signInPerEmail", key: subject });
  } else if (email !== undefined)
    checks = await emailChecks("emailPerIp", "emailPerAddress", ip, email);
  return checks && { transport: "action", checks };
}
