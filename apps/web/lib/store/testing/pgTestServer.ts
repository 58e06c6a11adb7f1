// A PostgreSQL server for the integration tests: the one at QQT_TEST_DATABASE_URL, or a throwaway cluster started
// from the installed PostgreSQL binaries (Debian: /usr/lib/postgresql/<major>/bin) in a temporary directory, on a
// free loopback port, with a random password; stopped and erased afterwards. PostgreSQL refuses to run as root, so
// when the tests run as root the cluster belongs to the `postgres` system user.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

/** Where the PostgreSQL tests get a server, or why they cannot. */
export type PgAvailability =
  | { kind: "url"; url: string }
  | { kind: "binaries"; binDir: string; runAs: { uid: number; gid: number; user: string } | null }
  | { kind: "unavailable"; reason: string };

/** A running server: an admin URL (superuser or a CREATEDB role) and how to stop it. */
export interface PgTestServer {
  adminUrl: string;
  /** "cluster" when started here, "url" when given by QQT_TEST_DATABASE_URL. */
  source: "cluster" | "url";
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Finds out, without starting anything, whether the PostgreSQL tests can run here.
 *
 * @example
 * ```ts
 * pgAvailability(); // { kind: "binaries", binDir: "/usr/lib/postgresql/15/bin", runAs: { user: "postgres", uid: 101, gid: 104 } }
 * ```
 */
export function pgAvailability(env: NodeJS.ProcessEnv = process.env): PgAvailability {
  const url = env.QQT_TEST_DATABASE_URL;
  if (url !== undefined && url !== "") return { kind: "url", url };
  const binDir = findBinDir(env);
  if (binDir === undefined) {
    return {
      kind: "unavailable",
      reason:
        `no QQT_TEST_DATABASE_URL and no PostgreSQL binaries (initdb, pg_ctl) in ${env.QQT_PG_SEARCH ?? "/usr/lib/postgresql"}/*/bin or on PATH; ` +
        "install them (Debian: apt-get install postgresql) or set QQT_TEST_DATABASE_URL",
    };
  }
  if (process.getuid?.() !== 0) return { kind: "binaries", binDir, runAs: null };
  const user = "postgres";
  const ids = spawnSync("id", ["-u", user], { encoding: "utf8" });
  const gids = spawnSync("id", ["-g", user], { encoding: "utf8" });
  if (ids.status !== 0 || gids.status !== 0) {
    return { kind: "unavailable", reason: `running as root and there is no "${user}" user to own a test cluster (PostgreSQL refuses root)` };
  }
  return { kind: "binaries", binDir, runAs: { user, uid: Number(ids.stdout.trim()), gid: Number(gids.stdout.trim()) } };
}

function findBinDir(env: NodeJS.ProcessEnv): string | undefined {
  const has = (dir: string) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"));
  if (env.QQT_PG_BIN && has(env.QQT_PG_BIN)) return env.QQT_PG_BIN;
  // QQT_PG_SEARCH: directories holding <major>/bin, instead of Debian's /usr/lib/postgresql.
  for (const debian of (env.QQT_PG_SEARCH ?? "/usr/lib/postgresql").split(delimiter)) {
    if (!existsSync(debian)) continue;
    const majors = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) if (has(join(debian, major, "bin"))) return join(debian, major, "bin");
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) if (dir !== "" && has(dir)) return dir;
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts (or connects to) the PostgreSQL server described by {@link pgAvailability}.
 *
 * @example
 * ```ts
 * const server = await startPgTestServer(pgAvailability());
 * const url = await server.createDatabase(); // postgres://qqt:…@127.0.0.1:54123/qqt_test_3f9a…
 * await server.stop();
 * ```
 */
export async function startPgTestServer(availability: PgAvailability): Promise<PgTestServer> {
  if (availability.kind === "unavailable") throw new Error(`PostgreSQL is not available: ${availability.reason}`);
  if (availability.kind === "url") {
    await ping(availability.url);
    return serverAt(availability.url, "url", async () => {});
  }
  const { binDir, runAs } = availability;
  const root = mkdtempSync(join(tmpdir(), "qqt-pg-"));
  const data = join(root, "data");
  const sockets = join(root, "sockets");
  const log = join(root, "server.log");
  const passwordFile = join(root, "password");
  const password = randomBytes(18).toString("base64url");
  mkdirSync(sockets);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) for (const path of [root, sockets, passwordFile]) chownSync(path, runAs.uid, runAs.gid);
  chmodSync(root, 0o700);

  const run = (command: string, args: string[]) => {
    const [file, argv] = runAs ? ["runuser", ["-u", runAs.user, "--", join(binDir, command), ...args]] : [join(binDir, command), args];
    execFileSync(file, argv, { stdio: "pipe", cwd: root, timeout: 120_000 });
  };
  const cleanup = () => {
    if (existsSync(join(data, "postmaster.pid"))) {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  // If the test process exits without stop() (a crash), do not leave a server running.
  process.once("exit", cleanup);
  try {
    run("initdb", ["-D", data, "-U", "qqt", "--auth=scram-sha-256", `--pwfile=${passwordFile}`, "-E", "UTF8", "--no-sync", "--no-instructions"]);
    const port = await freePort();
    const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets} -c fsync=off -c full_page_writes=off -c max_connections=60`;
    run("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "-o", serverOptions, "start"]);
    const adminUrl = `postgres://qqt:${password}@127.0.0.1:${port}/postgres`;
    await ping(adminUrl);
    return serverAt(adminUrl, "cluster", async () => {
      process.removeListener("exit", cleanup);
      cleanup();
    });
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "";
    process.removeListener("exit", cleanup);
    cleanup();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`Could not start a PostgreSQL test cluster with ${binDir}: ${(error as Error).message}\n${stderr}\n${tail}`, { cause: error });
  }
}

async function ping(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select 1");
  } finally {
    await client.end();
  }
}

function serverAt(adminUrl: string, source: PgTestServer["source"], stop: () => Promise<void>): PgTestServer {
  const created: string[] = [];
  return {
    adminUrl,
    source,
    async createDatabase() {
      const name = `qqt_test_${randomBytes(6).toString("hex")}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      if (source === "url") {
        // A shared server: drop what the tests created.
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          for (const name of created) await client.query(`drop database if exists ${name} with (force)`);
        } finally {
          await client.end();
        }
      }
      await stop();
    },
  };
}
