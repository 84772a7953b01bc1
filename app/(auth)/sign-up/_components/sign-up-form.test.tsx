// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { FormState } from "@/lib/forms/state";
import { SignUpForm } from "./sign-up-form";

describe("SignUpForm", () => {
  it("shows each error next to its field and keeps what was typed, except the password", async () => {
    const action = vi.fn(
      async (_state: FormState, formData: FormData): Promise<FormState> => ({
        status: "error",
        message: "Check the highlighted fields.",
        fields: {
          email: "Enter a valid email address, like name@example.com",
          password: "Use at least 8 characters",
        },
        values: { name: String(formData.get("name")), email: String(formData.get("email")) },
      }),
    );
    render(<SignUpForm action={action} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Name"), "Ada");
    await user.type(screen.getByLabelText("Email"), "ada@");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Sign up" }));

    const email = await screen.findByLabelText("Email");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(email.getAttribute("aria-describedby")).toBe("email-error");
    expect(document.getElementById("email-error")?.textContent).toBe(
      "Enter a valid email address, like name@example.com",
    );
    expect(document.getElementById("password-error")?.textContent).toBe(
      "Use at least 8 characters",
    );
    expect(screen.getByRole("status").textContent).toBe("Check the highlighted fields.");
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("Ada");
    expect((email as HTMLInputElement).value).toBe("ada@");
    expect((screen.getByLabelText("Password") as HTMLInputElement).value).toBe("");
    expect(action).toHaveBeenCalledTimes(1);
  });
});
