#!/usr/bin/env node
// The `qqt` binary. Sets the exit code and lets Node exit once stdout is flushed (no process.exit on success:
// piped output would be cut).
import { main } from "./main.js";

// `qqt … | head`: the reader went away; stop quietly instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

process.exitCode = await main(process.argv);
