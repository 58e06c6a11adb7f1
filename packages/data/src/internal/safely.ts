import { DataError } from "../DataError.js";
import type { ParseResult, SafeParseResult } from "../types.js";

/** Runs a reader and returns its DataError instead of throwing it. Other errors are bugs and still throw. @internal */
export function safely<T>(read: () => ParseResult<T>): SafeParseResult<T> {
  try {
    const { data, summary } = read();
    return { success: true, data, summary };
  } catch (error) {
    if (error instanceof DataError) return { success: false, error };
    throw error;
  }
}

/** Async {@link safely}. @internal */
export async function safelyAsync<T>(read: () => Promise<ParseResult<T>>): Promise<SafeParseResult<T>> {
  try {
    const { data, summary } = await read();
    return { success: true, data, summary };
  } catch (error) {
    if (error instanceof DataError) return { success: false, error };
    throw error;
  }
}

/** Runs a parser of one value and returns its DataError instead of throwing it. @internal */
export function safelyValue<T>(parse: () => T): { success: true; data: T } | { success: false; error: DataError } {
  try {
    return { success: true, data: parse() };
  } catch (error) {
    if (error instanceof DataError) return { success: false, error };
    throw error;
  }
}
