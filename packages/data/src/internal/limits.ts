/**
 * The largest input qqt reads, per file or text: 256 MiB. Larger inputs are refused (`INPUT_TOO_LARGE`) before they
 * are read, and devices, pipes and sockets are refused outright (a read of `/dev/zero` never ends), so that no input
 * runs a reader out of time or memory. A tidy CSV of 10^6 runs is about 33 MB.
 *
 * @example
 * ```ts
 * MAX_INPUT_BYTES; // 268435456
 * ```
 */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;
