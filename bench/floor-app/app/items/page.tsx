import { connection } from "next/server";
import { fiftyItems } from "../items";

/** A dynamic page (rendered per request, never prerendered) listing 50 items. */
export default async function ItemsPage() {
  await connection();
  return (
    <main>
      <h1>Items</h1>
      <ul>
        {fiftyItems().map((item) => (
          <li key={item.id} className={item.completed ? "completed" : undefined}>
            <label>
              <input type="checkbox" defaultChecked={item.completed} /> {item.title}
            </label>
          </li>
        ))}
      </ul>
    </main>
  );
}
