import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { forgetEnv, forgetVerifiedAccessTokens } from "@/test/process-state";
import { InvalidAccessTokenError, verifyAccessJwt } from "./access-jwt";

const ORIGIN = "http://localhost:3000";
let privateKey: CryptoKey;
let keySet: JWTVerifyGetKey;

beforeAll(async () => {
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "EdDSA" };
  keySet = createLocalJWKSet({ keys: [jwk] });
});

afterEach(() => {
  vi.useRealTimers();
  forgetVerifiedAccessTokens();
  process.env.BETTER_AUTH_URL = ORIGIN;
  forgetEnv();
});

/** The key source, counting how often a signature is actually checked (one key lookup each). */
function countingKeys() {
  const counter = { lookups: 0 };
  const keys: JWTVerifyGetKey = (header, token) => {
    counter.lookups += 1;
    return keySet(header, token);
  };
  return { keys, counter };
}

const sign = (claims: Record<string, unknown>, expiresIn = "5m") =>
  new SignJWT({ sid: "session-1", ...claims })
    .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
    .setSubject("user-1")
    .setIssuer(ORIGIN)
    .setAudience(ORIGIN)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);

describe("verifyAccessJwt's memory of verified tokens", () => {
  it("checks a token's signature once, then answers the same claims from memory", async () => {
    const { keys, counter } = countingKeys();
    const token = await sign({});
    const first = await verifyAccessJwt(token, keys);
    const second = await verifyAccessJwt(token, keys);
    expect(first).toEqual({ userId: "user-1", sessionId: "session-1" });
    expect(second).toEqual(first);
    expect(counter.lookups).toBe(1);
  });

  it("refuses a remembered token once its exp has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { keys } = countingKeys();
    const token = await sign({}, "60s");
    await verifyAccessJwt(token, keys);
    vi.setSystemTime(Date.now() + 61_000);
    await expect(verifyAccessJwt(token, keys)).rejects.toThrow("The access token has expired");
  });

  it("never remembers a refusal: a tampered token is checked, and refused, every time", async () => {
    const { keys, counter } = countingKeys();
    const [header, payload] = (await sign({})).split(".");
    const forged = `${header}.${payload}.${"A".repeat(86)}`;
    for (let attempt = 0; attempt < 2; attempt += 1)
      await expect(verifyAccessJwt(forged, keys)).rejects.toBeInstanceOf(InvalidAccessTokenError);
    expect(counter.lookups).toBe(2);
  });

  it("checks again, and refuses, when the app's origin (issuer and audience) changed", async () => {
    const { keys } = countingKeys();
    const token = await sign({});
    await verifyAccessJwt(token, keys);
    process.env.BETTER_AUTH_URL = "https://elsewhere.example";
    forgetEnv();
    await expect(verifyAccessJwt(token, keys)).rejects.toThrow("The access token is invalid");
  });

  it("checks again with another key source", async () => {
    const token = await sign({});
    await verifyAccessJwt(token, countingKeys().keys);
    const other = countingKeys();
    await verifyAccessJwt(token, other.keys);
    expect(other.counter.lookups).toBe(1);
  });
});
