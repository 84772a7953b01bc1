// @vitest-environment jsdom
import "fake-indexeddb/auto";
import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Todo } from "@/lib/todos/schema";
import { TodoApp } from "./todo-app";

// The server action module and the router are this component's boundary with the server.
let settle: (result: { ok: boolean; error?: string }) => void = () => {};
vi.mock("../actions", () => ({
  todoFormAction: vi.fn(),
  todoRowFormAction: vi.fn(),
  todoAction: vi.fn(
    () =>
      new Promise((resolve) => {
        settle = resolve;
      }),
  ),
}));
// Next gives a component the same router on every render.
const router = { refresh: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

const todo: Todo = {
  id: "6f9619ff-8b86-4d11-b42d-00c04fc964ff",
  title: "Buy milk",
  completed: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("TodoApp optimistic updates", () => {
  it("shows a change at once, and rolls it back with a polite message when the server refuses", async () => {
    const { container } = render(
      <TodoApp
        todos={[todo]}
        counts={{ total: 1, active: 1 }}
        filter="all"
        version="0"
        owner="test-user"
        keepOfflineUntil={null}
      />,
    );
    const item = () => container.querySelector(".todo-list li");
    await userEvent
      .setup()
      .click(screen.getByRole("checkbox", { name: 'Mark "Buy milk" as done' }));

    expect(item()?.className).toContain("completed");
    expect(container.querySelector(".todo-count")?.textContent).toBe("0 items left");
    expect(container.querySelector(".todoapp")?.getAttribute("aria-busy")).toBe("true");

    await act(async () =>
      settle({
        ok: false,
        error: "We could not reach the database. Your change was not saved; try again.",
      }),
    );

    expect(item()?.className).not.toContain("completed");
    expect(container.querySelector(".todo-count")?.textContent).toBe("1 item left");
    const status = screen.getByRole("status");
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toBe(
      "We could not reach the database. Your change was not saved; try again.",
    );
  });
});

describe("TodoApp new-todo field", () => {
  it("shows why a title was refused next to the field, and saves nothing", async () => {
    const { todoAction } = await import("../actions");
    vi.mocked(todoAction).mockClear();
    const { container } = render(
      <TodoApp
        todos={[]}
        counts={{ total: 0, active: 0 }}
        filter="all"
        version="0"
        owner="test-user"
        keepOfflineUntil={null}
      />,
    );
    const input = screen.getByRole("textbox", { name: "New todo" });
    // The browser's maxLength counts UTF-16 units: a paste or a script can still go past 500.
    fireEvent.change(input, { target: { value: "x".repeat(501) } });
    fireEvent.submit(input.closest("form") as HTMLFormElement);

    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = document.getElementById(input.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toBe("Title must be at most 500 characters");
    expect(container.querySelectorAll(".todo-list li")).toHaveLength(0);
    expect(todoAction).not.toHaveBeenCalled();
  });

  it("shows the server's answer to a form posted before JavaScript ran next to the field", async () => {
    const { todoFormAction } = await import("../actions");
    const message = "Title cannot be empty";
    vi.mocked(todoFormAction).mockResolvedValueOnce({
      ok: false,
      error: message,
      fields: { title: message },
    });
    render(
      <TodoApp
        todos={[todo]}
        counts={{ total: 1, active: 1 }}
        filter="all"
        version="0"
        owner="test-user"
        keepOfflineUntil={null}
      />,
    );
    // Every form of the page answers through one useActionState; the toggle-all form has no
    // submit handler of its own, so React hands its post to the action as a browser without
    // JavaScript would.
    const toggleAll = screen.getByRole("checkbox", { name: "Mark all as complete" });
    await act(async () => fireEvent.submit(toggleAll.closest("form") as HTMLFormElement));

    const input = screen.getByRole("textbox", { name: "New todo" });
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = document.getElementById(input.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toBe(message);
  });
});

describe("TodoApp after a row's form was refused without JavaScript", () => {
  it("says the change was not saved", () => {
    render(
      <TodoApp
        todos={[todo]}
        counts={{ total: 1, active: 1 }}
        filter="all"
        version="0"
        owner="test-user"
        keepOfflineUntil={null}
        unsaved
      />,
    );
    expect(screen.getByText("Your change was not saved; try again.")).toBeTruthy();
  });
});
