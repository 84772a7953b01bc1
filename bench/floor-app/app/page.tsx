/** Prerendered: the minimal page the first-load JS of the app's pages is compared with. */
export default function Home() {
  return (
    <main>
      <h1>Floor</h1>
    </main>
  );
}
