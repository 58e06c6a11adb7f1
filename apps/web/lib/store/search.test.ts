import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldForSearch, searchPattern } from "./search";

describe("foldForSearch", () => {
  it("folds case beyond ASCII and normalises compatibility forms; accents stay", () => {
    expect(foldForSearch("Études ÉLEVÉES")).toBe("études élevées");
    expect(foldForSearch("Straße")).toBe("strasse");
    expect(foldForSearch("ΣΟΦΊΑ")).toBe(foldForSearch("σοφία"));
    expect(foldForSearch("ﬁltering")).toBe("filtering");
    expect(foldForSearch("Ｆｕｌｌ")).toBe("full");
    expect(foldForSearch("e\u0301")).toBe("é");
    expect(foldForSearch("é")).not.toBe(foldForSearch("e"));
  });

  it("is idempotent and case-blind (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        expect(foldForSearch(foldForSearch(s))).toBe(foldForSearch(s));
        expect(foldForSearch(s.toUpperCase())).toBe(foldForSearch(s.toLowerCase()));
      }),
    );
  });

  it("searchPattern folds the query and escapes LIKE's wildcards", () => {
    expect(searchPattern(" 50% É_\\ ")).toBe("%50\\% é\\_\\\\%");
  });
});
