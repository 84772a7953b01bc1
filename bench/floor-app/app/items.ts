/** The same shape and count as the bench's signed-in list: 50 todos. */
export function fiftyItems() {
  const createdAt = new Date().toISOString();
  return Array.from({ length: 50 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    title: `Todo number ${i + 1}`,
    completed: i % 3 === 0,
    createdAt,
    updatedAt: createdAt,
  }));
}
