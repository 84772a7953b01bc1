import { APIError, createAuthMiddleware } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";
import * as z from "zod";
import { type Actor, SessionRevokedError } from "@/lib/sessions/actor";
import {
  type Device,
  listDevices,
  revokeAllDevices,
  revokeDevice,
  revokeOtherDevices,
  StepUpRequiredError,
} from "@/lib/sessions/queries";
import { STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";
import { type HookContext, onPaths, requestSession } from "./hook-context";

const revokeBody = z.object({ token: z.string().min(1).max(200) });

/**
 * A device as Better Auth's `listSessions` returns it, with `token` an opaque handle (the session
 * id) that `revokeSession` accepts: the live session token never leaves the device that holds it.
 */
function listedSession(userId: string, device: Device) {
  return {
    id: device.id,
    token: device.id,
    userId,
    createdAt: device.signedInAt,
    updatedAt: device.lastActiveAt,
    expiresAt: device.expiresAt,
    ipAddress: device.ipAddress,
    userAgent: device.userAgent,
    device: device.device,
    current: device.current,
  };
}

async function actorOf(ctx: HookContext): Promise<Actor> {
  // Hooks see the request as sent: read it as session-rotation hands it to endpoints (the row).
  const session = await requestSession(ctx);
  if (!session)
    throw APIError.from("UNAUTHORIZED", { code: "UNAUTHORIZED", message: "Unauthorized" });
  return { userId: session.user.id, sessionId: session.session.id };
}

/** The device functions' refusals, in Better Auth's error shape. */
async function answering<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepUpRequiredError) throw APIError.from("FORBIDDEN", STEP_UP_REQUIRED);
    if (error instanceof SessionRevokedError)
      throw APIError.from("UNAUTHORIZED", { code: "UNAUTHORIZED", message: "Unauthorized" });
    throw error;
  }
}

type Answer = Record<string, unknown> | Record<string, unknown>[];

const handlers: Record<string, (ctx: HookContext, actor: Actor) => Promise<Answer>> = {
  "/list-sessions": async (_ctx, actor) => {
    const { devices, fresh } = await listDevices(actor);
    if (!fresh) throw new StepUpRequiredError();
    return devices.map((device) => listedSession(actor.userId, device));
  },
  "/revoke-session": async (ctx, actor) => {
    const body = revokeBody.safeParse(ctx.body);
    if (!body.success)
      throw APIError.from("BAD_REQUEST", {
        code: "INVALID_SESSION_HANDLE",
        message: "Send the `token` handle that /list-sessions gave for the device.",
      });
    const revoked = await revokeDevice(actor, body.data.token);
    // Another user's handle and an unknown one answer the same: no way to probe for sessions.
    if (!revoked)
      throw APIError.from("NOT_FOUND", {
        code: "SESSION_NOT_FOUND",
        message: "No device with that handle is signed in to your account.",
      });
    if (body.data.token === actor.sessionId) deleteSessionCookie(ctx);
    return { status: true };
  },
  "/revoke-other-sessions": async (_ctx, actor) => {
    await revokeOtherDevices(actor);
    return { status: true };
  },
  "/revoke-sessions": async (ctx, actor) => {
    await revokeAllDevices(actor);
    deleteSessionCookie(ctx);
    return { status: true };
  },
};

/**
 * Better Auth's device endpoints, answered by the same functions as the devices page: the same
 * step-up, the same SQL that only ever touches the caller's own sessions, no live token listed.
 * A before-hook answers them, so Better Auth's own handlers (which list and take live tokens,
 * and skip the step-up) never run.
 */
export const answerDeviceEndpoints = {
  matcher: onPaths(...Object.keys(handlers)),
  handler: createAuthMiddleware(async (ctx) => {
    const handle = handlers[ctx.path ?? ""];
    if (!handle) return;
    const actor = await actorOf(ctx);
    // Better Auth's typing wants an object; its JSON responses take arrays too (list-sessions).
    return ctx.json((await answering(() => handle(ctx, actor))) as Record<string, unknown>);
  }),
};
