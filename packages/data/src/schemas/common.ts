/** Shared JSON Schema fragments. @internal */
export const sourceSchema = {
  type: "object",
  description: "Where the data comes from, and whether it is real.",
  properties: {
    citation: { type: "string" },
    url: { type: "string" },
    licence: { type: "string" },
    synthetic: { type: "boolean", description: "true for generated data: every view of it must say so." },
    note: { type: "string" },
  },
  additionalProperties: false,
} as const;

export const nonEmptyString = { type: "string", minLength: 1, pattern: "\\S" } as const;
export const positive = { type: "number", exclusiveMinimum: 0 } as const;
export const nonNegative = { type: "number", minimum: 0 } as const;
export const interval = {
  type: "object",
  required: ["low", "high"],
  properties: { low: { type: "number" }, high: { type: "number" } },
  additionalProperties: false,
} as const;
