import { AdvisorError, type Problem, type Result } from "./AdvisorError";
import { checkFileSize, readModelText, type ModelFileV1 } from "./modelFile";

/**
 * What the advisor needs of a file: its name, size and a way to read its text (a browser `File` has all three).
 *
 * @example
 * ```ts
 * const f: TextFile = { name: "m.json", size: 120, text: async () => "{}" };
 * ```
 */
export interface TextFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

/**
 * Reads model files one by one: the size is checked before reading, then {@link readModelText}. Good files load
 * even when others fail; the failures are combined into one error listing every problem with its file.
 *
 * @example
 * ```ts
 * const { models, error } = await importModelFiles([goodFile, brokenFile]);
 * // models: [{ fileName: "good.json", model }], error: AdvisorError listing broken.json's problems
 * ```
 */
export async function importModelFiles(
  files: readonly TextFile[],
): Promise<{ models: Array<{ fileName: string; model: ModelFileV1 }>; error: AdvisorError | undefined }> {
  const models: Array<{ fileName: string; model: ModelFileV1 }> = [];
  const failures: AdvisorError[] = [];
  for (const file of files) {
    const result = await readOne(file);
    if (result.ok) models.push({ fileName: file.name, model: result.value });
    else failures.push(result.error);
  }
  if (failures.length <= 1) return { models, error: failures[0] };
  const problems: Problem[] = failures.flatMap((f) => (f.problems.length > 0 ? f.problems : [{ path: "", message: f.message }]));
  return {
    models,
    error: new AdvisorError(failures[0]!.code, `${failures.length} of ${files.length} files could not be imported.`, problems),
  };
}

async function readOne(file: TextFile): Promise<Result<ModelFileV1>> {
  const size = checkFileSize(file.name, file.size);
  if (!size.ok) return size;
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    const message = `${file.name} could not be read (${(error as Error)?.message ?? "unknown error"}).`;
    return { ok: false, error: new AdvisorError("INVALID_JSON", message, [{ file: file.name, path: "", message }]) };
  }
  return readModelText(text, file.name);
}
