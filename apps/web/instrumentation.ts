// Runs once when the server starts (Next.js instrumentation hook): opens the workspace database and applies its
// pending migrations before the first request. Node runtime only — the store needs node:fs, SQLite and pg.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerStore } = await import("./lib/store/runtime");
  await registerStore();
}
