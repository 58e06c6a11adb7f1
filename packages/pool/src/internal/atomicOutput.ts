// Output written to a temporary name in the same directory and renamed at the end, so that an interrupted or failed
// write never leaves a half-written file under the final name (and the temporary file is removed on failure).
import { randomBytes } from "node:crypto";
import { rmSync, statSync } from "node:fs";
import { rename } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { PoolError } from "../PoolError.js";

export interface AtomicOutput {
  /** The temporary path to write. */
  temp: string;
  /** Renames the temporary file to the output. */
  commit(): Promise<void>;
  /** Removes the temporary file (after a failure). */
  discard(): void;
}

export function atomicOutput(output: string): AtomicOutput {
  const dir = dirname(resolve(output));
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new PoolError("FILE_NOT_FOUND", `cannot write ${output}: the directory ${dir} does not exist. Expected an output path in an existing directory.`, { file: output });
  try {
    if (statSync(output).isDirectory()) throw new PoolError("WRITE_FAILED", `cannot write ${output}: it is a directory. Expected a file path, e.g. ${join(output, "subset.npy")}.`, { file: output });
  } catch (error) {
    if (error instanceof PoolError) throw error;
  }
  const temp = join(dir, `.${basename(output)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  return {
    temp,
    async commit() {
      try {
        await rename(temp, output);
      } catch (error) {
        rmSync(temp, { force: true });
        throw new PoolError("WRITE_FAILED", `cannot write ${output}: ${(error as Error).message}.`, { file: output });
      }
    },
    discard() {
      rmSync(temp, { force: true, recursive: true });
    },
  };
}
