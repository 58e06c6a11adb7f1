// Runs once when the server starts (Next.js instrumentation hook): checks the configuration, guards the HTTP server
// (every request learns its connection's address; 127.0.0.1 unless told otherwise with a token) and opens the
// workspace database with its pending migrations, before the first request. Node runtime only.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerServer } = await import("./lib/store/runtime");
  await registerServer();
}
