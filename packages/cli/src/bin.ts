#!/usr/bin/env node
// The `qqt` binary. Sets the exit code and lets Node exit once stdout is flushed (no process.exit: piped output
// would be cut).
import { main } from "./main.js";

process.exitCode = await main(process.argv);
