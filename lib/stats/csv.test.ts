import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";
import { formatShare, percentCell } from "./format";

describe("CSV export", () => {
  it("writes a header and one line per row, numbers unquoted", () => {
    const rows = [
      { model: "fast-1", changes: 9, rate: 2 / 9 },
      { model: "acc-1", changes: 7, rate: null },
    ];
    const csv = toCsv(
      [
        { header: "Model", value: (r: (typeof rows)[number]) => r.model },
        { header: "Changes", value: (r) => r.changes },
        { header: "Rate", value: (r) => r.rate },
      ],
      rows,
    );
    expect(csv).toBe(`Model,Changes,Rate\r\nfast-1,9,${2 / 9}\r\nacc-1,7,\r\n`);
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("plain")).toBe("plain");
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("@sum")).toBe("'@sum");
    expect(csvCell("+1,2")).toBe(`"'+1,2"`);
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(Number.NaN)).toBe("");
  });
});

describe("percentages on the page and in CSV", () => {
  it("the page shows the sample size next to the percentage, the CSV the same percent value", () => {
    expect(formatShare(2, 9)).toBe("22.2% (2 of 9)");
    expect(formatShare(0, 0)).toBe("–");
    expect(percentCell(2 / 9)).toBe("22.2");
    expect(percentCell(0.5)).toBe("50.0"); // not 0.5: the unit of the page's "50.0%"
    expect(percentCell(null)).toBeNull();
    expect(toCsv([{ header: "Pass %", value: (r: { rate: number }) => percentCell(r.rate) }], [{ rate: 0.5 }])).toBe("Pass %\r\n50.0\r\n");
  });
});
