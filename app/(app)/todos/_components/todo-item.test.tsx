// @vitest-environment jsdom
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Todo } from "@/lib/todos/schema";
import { TodoItem } from "./todo-item";

const todo: Todo = {
  id: "6f9619ff-8b86-4d11-b42d-00c04fc964ff",
  title: "Buy milk",
  completed: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

function renderItem() {
  const onChange = vi.fn();
  render(
    <ul>
      <TodoItem todo={todo} onChange={onChange} formAction={vi.fn()} />
    </ul>,
  );
  return onChange;
}

async function startEditing() {
  const user = userEvent.setup();
  await user.dblClick(screen.getByText("Buy milk"));
  const input = screen.getByRole("textbox", { name: 'Edit "Buy milk"' });
  expect(input).toHaveProperty("className", expect.stringContaining("edit"));
  return { user, input };
}

describe("TodoItem editing", () => {
  it("saves exactly once when Enter is followed by the blur it causes", async () => {
    const onChange = renderItem();
    const { user, input } = await startEditing();
    await user.clear(input);
    await user.type(input, "  Buy oat milk {Enter}");
    fireEvent.blur(input);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith({ intent: "rename", id: todo.id, title: "Buy oat milk" });
  });

  it("saves on blur", async () => {
    const onChange = renderItem();
    const { user, input } = await startEditing();
    await user.type(input, " today");
    fireEvent.blur(input);
    expect(onChange).toHaveBeenCalledWith({
      intent: "rename",
      id: todo.id,
      title: "Buy milk today",
    });
  });

  it("cancels on Escape without saving", async () => {
    const onChange = renderItem();
    const { user, input } = await startEditing();
    await user.type(input, " changed{Escape}");
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText("Buy milk")).toBeDefined();
  });

  it("deletes the todo when the edit is blank", async () => {
    const onChange = renderItem();
    const { user, input } = await startEditing();
    await user.clear(input);
    await user.keyboard("{Enter}");
    expect(onChange).toHaveBeenCalledWith({ intent: "delete", id: todo.id });
  });

  it("toggles through the checkbox", async () => {
    const onChange = renderItem();
    await userEvent
      .setup()
      .click(screen.getByRole("checkbox", { name: 'Mark "Buy milk" as done' }));
    expect(onChange).toHaveBeenCalledWith({ intent: "toggle", id: todo.id, completed: true });
  });

  it("deletes through its destroy button, in place of posting the row's form", async () => {
    const onChange = vi.fn();
    const formAction = vi.fn();
    render(
      <ul>
        <TodoItem todo={todo} onChange={onChange} formAction={formAction} />
      </ul>,
    );
    await userEvent.setup().click(screen.getByRole("button", { name: 'Delete "Buy milk"' }));
    expect(onChange).toHaveBeenCalledExactlyOnceWith({ intent: "delete", id: todo.id });
    expect(formAction).not.toHaveBeenCalled();
  });
});
