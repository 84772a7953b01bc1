// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FormState } from "@/lib/forms/state";
import { SignInForm } from "./sign-in-form";

describe("SignInForm", () => {
  it("has the contract's labels, with Remember me checked", () => {
    render(<SignInForm action={vi.fn()} resendAction={vi.fn()} />);
    expect(screen.getByLabelText("Email")).toBeDefined();
    expect(screen.getByLabelText("Password")).toBeDefined();
    expect((screen.getByLabelText("Remember me") as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole("link", { name: "Forgot password?" })).toBeDefined();
  });

  it("offers to resend the verification email to an unverified account", async () => {
    const action = vi.fn(
      async (): Promise<FormState> => ({
        status: "error",
        message: "Verify your email address first: we sent you a link. Didn't get it?",
        reason: "email_not_verified",
        values: { email: "ada@example.com" },
      }),
    );
    const resend = vi.fn(
      async (): Promise<FormState> => ({ status: "success", message: "On its way." }),
    );
    render(<SignInForm action={action} resendAction={resend} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    await user.click(await screen.findByRole("button", { name: "Resend verification email" }));
    expect(resend).toHaveBeenCalledTimes(1);
    const sent = resend.mock.calls[0] as unknown as [FormState, FormData];
    expect(sent[1].get("email")).toBe("ada@example.com");
    expect(await screen.findByText("On its way.")).toBeDefined();
  });
});
