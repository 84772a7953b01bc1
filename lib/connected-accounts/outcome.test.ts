import { describe, expect, it } from "vitest";
import { providerOutcome } from "./outcome";

const providers = [{ id: "oidc" as const, name: "Test IdP" }];

describe("what the security page says when a provider sends the browser back", () => {
  it("names the provider that was connected", () => {
    expect(providerOutcome({ connected: "oidc" }, providers)).toBe(
      "Test IdP is connected. You can sign in with it now.",
    );
  });

  it("explains an identity that belongs to another account, in plain words", () => {
    expect(
      providerOutcome(
        { connect_error: "oidc", error: "account_already_linked_to_different_user" },
        providers,
      ),
    ).toMatch(/already signs in to another account/);
  });

  it("never echoes an unknown error code or description from the query", () => {
    const said = providerOutcome(
      { connect_error: "oidc", error: "<script>alert(1)</script>" },
      providers,
    );
    expect(said).toBe("Test IdP could not be connected. Nothing changed; try again.");
  });

  it("says nothing without an outcome in the query", () => {
    expect(providerOutcome({}, providers)).toBeUndefined();
  });
});
