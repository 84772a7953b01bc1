import { createHash } from "node:crypto";
import { Events, OAuth2Server } from "oauth2-mock-server";

/** Who the provider says is signing in (OpenID Connect claims). */
export interface ProviderUser {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

/** What the provider saw at its token endpoint: tests assert the app's side of the exchange. */
export interface TokenRequest {
  code: string;
  clientId: string | undefined;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
  accepted: boolean;
  refusal?: string;
}

interface IssuedCode {
  user: ProviderUser;
  redirectUri: string;
  clientId: string;
  challenge: string;
  used: boolean;
}

export interface TestProvider {
  /** The issuer URL: on 127.0.0.1 (see STACK-NOTES: never "localhost"), unless options.issuer. */
  issuer: string;
  /** Where the provider answers (differs from issuer when it stands in for Google). */
  address: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** Environment that configures the app's OIDC provider (lib/env.ts names). */
  env(name?: string): Record<string, string>;
  /** The next authorization (and every one after) signs in as this user. */
  signInAs(user: ProviderUser): void;
  /** The next authorization answers with an error instead of a code (a denied consent by default). */
  refuseNext(error?: string, description?: string): void;
  /** Authorization requests as the browser sent them. */
  readonly authorizations: URL[];
  readonly tokenRequests: TokenRequest[];
  /** Every access, refresh and ID token it handed out: none may show up anywhere of ours. */
  readonly issuedTokens: string[];
  /** An ID token signed with the provider's key, as a native app receives one from its SDK. */
  signIdToken(claims: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

export interface TestProviderOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Redirect URIs registered for the client; the provider refuses any other (as real ones do). */
  redirectUris: string[];
  user?: ProviderUser;
  /** The `iss` its tokens carry, when it stands in for a provider outside the machine. */
  issuer?: string;
  /** Also answer GitHub's /user and /user/emails, as GitHub's API does, for the code's user. */
  githubApi?: boolean;
}

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/**
 * A real OpenID Connect provider on loopback (oauth2-mock-server: discovery, JWKS, signed ID
 * tokens), made as strict as a production one: registered redirect URIs only, PKCE (S256)
 * required, codes single-use and bound to their client, redirect URI and verifier, client secret
 * checked. It approves at once, as the user who is next.
 */
export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const clientId = options.clientId ?? "todo-app";
  const clientSecret = options.clientSecret ?? "test-provider-client-secret";
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(options.port ?? 0, "127.0.0.1");
  const { port } = server.address();
  const address = `http://127.0.0.1:${port}`;
  // oauth2-mock-server reports http://localhost:PORT; discovery and the issuer check must agree.
  server.issuer.url = options.issuer ?? address;

  let user: ProviderUser = options.user ?? {
    sub: "provider-user-1",
    email: "provider.user@example.com",
    email_verified: true,
    name: "Provider User",
  };
  let refusal: { error: string; description: string } | undefined;
  const codes = new Map<string, IssuedCode>();
  const authorizations: URL[] = [];
  const tokenRequests: TokenRequest[] = [];
  const issuedTokens: string[] = [];
  const service = server.service;

  service.on(Events.BeforeWellKnownOpenIdConfiguration, (response) => {
    response.body.token_endpoint_auth_methods_supported = [
      "client_secret_basic",
      "client_secret_post",
    ];
    response.body.code_challenge_methods_supported = ["S256"];
  });

  service.on(Events.BeforeAuthorizeRedirect, (redirect, req) => {
    const requested = new URL(req.url ?? "/", address);
    authorizations.push(requested);
    const params = requested.searchParams;
    const fail = (error: string, description: string) => {
      redirect.url.searchParams.delete("code");
      redirect.url.searchParams.set("error", error);
      redirect.url.searchParams.set("error_description", description);
    };
    if (params.get("client_id") !== clientId) return fail("unauthorized_client", "unknown client");
    if (!options.redirectUris.includes(params.get("redirect_uri") ?? "")) {
      return fail("invalid_request", "redirect_uri is not registered");
    }
    if (!params.get("code_challenge") || params.get("code_challenge_method") !== "S256") {
      return fail("invalid_request", "PKCE (S256) is required");
    }
    if (refusal) {
      const { error, description } = refusal;
      refusal = undefined;
      return fail(error, description);
    }
    codes.set(redirect.url.searchParams.get("code") ?? "", {
      user,
      redirectUri: params.get("redirect_uri") ?? "",
      clientId,
      challenge: params.get("code_challenge") ?? "",
      used: false,
    });
  });

  // Runs before the response is sent: a refused exchange answers invalid_grant instead.
  service.on(Events.BeforeResponse, (response, req) => {
    const body = req.body as Record<string, string | undefined>;
    if (body.grant_type !== "authorization_code") return;
    const basic = parseBasic(req.headers.authorization);
    const presentedId = basic?.id ?? body.client_id;
    const presentedSecret = basic?.secret ?? body.client_secret;
    const issued = codes.get(body.code ?? "");
    const problem = !issued
      ? "unknown code"
      : issued.used
        ? "code already used"
        : presentedId !== issued.clientId || presentedSecret !== clientSecret
          ? "client authentication failed"
          : body.redirect_uri !== issued.redirectUri
            ? "redirect_uri differs from the authorization request"
            : !body.code_verifier || s256(body.code_verifier) !== issued.challenge
              ? "PKCE verifier missing or wrong"
              : undefined;
    if (issued) issued.used = true;
    tokenRequests.push({
      code: body.code ?? "",
      clientId: presentedId,
      redirectUri: body.redirect_uri,
      codeVerifier: body.code_verifier,
      accepted: !problem,
      refusal: problem,
    });
    if (problem) {
      response.statusCode = 400;
      response.body = { error: "invalid_grant", error_description: problem };
      return;
    }
    for (const name of ["access_token", "refresh_token", "id_token"]) {
      const token = response.body[name];
      if (typeof token === "string") issuedTokens.push(token);
    }
  });

  // The code's user goes into both tokens; the access token carries it to /userinfo.
  service.on(Events.BeforeTokenSigning, (token, req) => {
    const body = (req as { body?: Record<string, string | undefined> }).body ?? {};
    const issued = codes.get(body.code ?? "");
    if (!issued) return;
    Object.assign(token.payload, claimsOf(issued.user));
  });

  /** The user an access token (a JWT naming its subject) was issued for. */
  const userOf = (authorization: string | undefined) => {
    const payload = decodePayload(authorization?.replace(/^Bearer /i, "") ?? "");
    return [...codes.values()].reverse().find((issued) => issued.user.sub === payload?.sub)?.user;
  };

  if (options.githubApi) {
    const json = (res: import("node:http").ServerResponse, status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    service.addRoute("GET", "/user", (req, res) => {
      const found = userOf(req.headers.authorization);
      if (!found) return json(res, 401, { message: "Bad credentials" });
      // GitHub's profile shows only a public address: null here, so the emails list decides.
      json(res, 200, { id: found.sub, login: found.sub, name: found.name ?? null, email: null });
    });
    service.addRoute("GET", "/user/emails", (req, res) => {
      const found = userOf(req.headers.authorization);
      if (!found) return json(res, 401, { message: "Bad credentials" });
      json(res, 200, [{ email: found.email, primary: true, verified: found.email_verified }]);
    });
  }

  service.on(Events.BeforeUserinfo, (response, req) => {
    const user = userOf(req.headers.authorization);
    const found = user && { user };
    if (!found) {
      response.statusCode = 401;
      response.body = { error: "invalid_token" };
      return;
    }
    response.body = claimsOf(found.user);
  });

  return {
    issuer: server.issuer.url,
    address,
    discoveryUrl: `${address}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    env: (name = "Test IdP") => ({
      OIDC_DISCOVERY_URL: `${address}/.well-known/openid-configuration`,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_PROVIDER_NAME: name,
    }),
    signInAs: (next) => {
      user = next;
    },
    refuseNext: (error = "access_denied", description = "The user denied the request") => {
      refusal = { error, description };
    },
    authorizations,
    tokenRequests,
    issuedTokens,
    signIdToken: (claims) =>
      server.issuer.buildToken({
        scopesOrTransform: (_header, payload) => Object.assign(payload, claims),
      }),
    stop: () => server.stop(),
  };
}

function claimsOf(user: ProviderUser) {
  return {
    sub: user.sub,
    email: user.email,
    email_verified: user.email_verified,
    name: user.name ?? user.email,
  };
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith("Basic ")) return undefined;
  const [id = "", secret = ""] = Buffer.from(header.slice(6), "base64").toString().split(":");
  return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) };
}

function decodePayload(jwt: string): { sub?: string } | undefined {
  try {
    return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString());
  } catch {
    return undefined;
  }
}
