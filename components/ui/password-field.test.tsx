// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { NewPasswordField, TextField } from "./text-field";

describe("password fields", () => {
  it("shows and hides the password with a button whose pressed state is announced", async () => {
    render(<TextField label="Password" name="password" type="password" />);
    const user = userEvent.setup();
    const input = screen.getByLabelText("Password");
    await user.type(input, "hunter2 hunter2");
    expect(input.getAttribute("type")).toBe("password");

    const toggle = screen.getByRole("button", { name: "Show password" });
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    expect(toggle.getAttribute("aria-controls")).toBe("password");
    await user.click(toggle);
    expect(input.getAttribute("type")).toBe("text");
    expect(screen.getByRole("button", { name: "Hide password" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    expect((input as HTMLInputElement).value).toBe("hunter2 hunter2");

    await user.keyboard("{Enter}");
    expect(input.getAttribute("type")).toBe("password");
  });

  it("rates a new password as it is typed, loading the estimator only then, and describes the field with it", async () => {
    render(<NewPasswordField />);
    const user = userEvent.setup();
    expect(screen.queryByText(/Strength:/)).toBeNull();
    const input = screen.getByLabelText("New password");
    await user.type(input, "password1");
    expect(await screen.findByText(/Strength: (Very weak|Weak)/)).toBeTruthy();
    expect(input.getAttribute("aria-describedby")).toContain("newPassword-strength");
    await user.clear(input);
    await user.type(input, "correct horse battery staple orbit");
    expect(await screen.findByText(/Strength: Strong/)).toBeTruthy();
  });
});
