/**
 * Who is asking, as the middleware found it in the access JWT, handed to Node in a request header
 * signed with the app's secret: a request that skipped the middleware cannot forge one. Runtime-
 * neutral (WebCrypto only): the edge signs, Node verifies.
 */
export const IDENTITY_HEADER = "x-verified-identity";

export interface SignedIn {
  user: { id: string; email: string; name: string };
  session: { id: string };
}

interface Handoff extends SignedIn {
  /** Epoch ms: the access JWT's own end, so a handoff never outlives the credential behind it. */
  validUntil: number;
}

/** A purpose label in the key: a MAC made for anything else with the same secret never verifies here. */
const PURPOSE = "todo-app identity handoff v1";
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/**
 * A device sends the same access JWT for up to 5 minutes: the header signed for it, and a header
 * once verified, are kept (per secret, until the JWT's end) so the hot path runs no HMAC.
 */
const MAX_REMEMBERED = 1000;
const signed = new Map<string, string>();
const verified = new Map<string, Handoff>();

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  // The oldest entry goes first (a Map keeps insertion order).
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value ?? "");
  map.set(key, value);
  return value;
}

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then((root) => crypto.subtle.sign("HMAC", root, encoder.encode(PURPOSE)))
      .then((derived) =>
        crypto.subtle.importKey("raw", derived, { name: "HMAC", hash: "SHA-256" }, false, [
          "sign",
          "verify",
        ]),
      );
    keys.set(secret, key);
  }
  return key;
}

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[\w-]*$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The header value: base64url(JSON) "." base64url(HMAC-SHA256 of that JSON text). */
export async function signIdentity(
  identity: SignedIn,
  validUntil: number,
  secret: string,
): Promise<string> {
  const handoff: Handoff = {
    user: { id: identity.user.id, email: identity.user.email, name: identity.user.name },
    session: { id: identity.session.id },
    validUntil,
  };
  const payload = toBase64Url(encoder.encode(JSON.stringify(handoff)));
  const known = signed.get(`${secret}\n${payload}`);
  if (known) return known;
  const mac = await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(payload));
  return remember(
    signed,
    `${secret}\n${payload}`,
    `${payload}.${toBase64Url(new Uint8Array(mac))}`,
  );
}

/** The identity in a handoff this secret signed and that has not expired; anything else is null. */
export async function verifyIdentity(
  value: string | null,
  secret: string,
): Promise<SignedIn | null> {
  if (!value) return null;
  const known = verified.get(`${secret}\n${value}`);
  if (known) return known.validUntil > Date.now() ? identityOf(known) : null;
  try {
    const [payload, mac, extra] = value.split(".");
    if (!payload || !mac || extra !== undefined) return null;
    const macBytes = fromBase64Url(mac);
    const key = await keyFor(secret);
    if (!macBytes || !(await crypto.subtle.verify("HMAC", key, macBytes, encoder.encode(payload))))
      return null;
    const json = fromBase64Url(payload);
    const handoff = json && (JSON.parse(new TextDecoder().decode(json)) as Handoff);
    if (!handoff || !(handoff.validUntil > Date.now())) return null;
    return identityOf(remember(verified, `${secret}\n${value}`, handoff));
  } catch {
    return null;
  }
}

const identityOf = (handoff: Handoff): SignedIn => ({
  user: handoff.user,
  session: handoff.session,
});
