import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  describePayeeCount,
  isPayeeField,
  parsePayeeList,
  payeeIndexOfField,
  payeeListProblem,
} from "./payee-ids";

const awsId = fc.stringMatching(/^[0-9]{12}$/);
const separator = fc
  .array(fc.constantFrom(",", " ", "\n", "\r\n", "\t", ", ", ",\n"), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(""));
const padding = fc.constantFrom("", " ", "\n", ",", " ,\n");

/** Joins ids with a random separator between each pair, and random padding around the list. */
const pastedList = (ids: fc.Arbitrary<string[]>) =>
  fc.tuple(ids, padding, padding).chain(([list, before, after]) =>
    fc.array(separator, { minLength: list.length, maxLength: list.length }).map((seps) => ({
      list,
      text: before + list.map((id, i) => id + seps[i]).join("") + after,
    })),
  );

describe("parsePayeeList", () => {
  it("should split on commas, spaces and new lines when a list is pasted", () => {
    const { ids } = parsePayeeList("111111111111, 222222222222\n333333333333 444444444444");
    expect(ids).toEqual(["111111111111", "222222222222", "333333333333", "444444444444"]);
  });

  it("should return no entries when the text is blank or only separators", () => {
    expect(parsePayeeList("")).toEqual({ ids: [], entries: [] });
    expect(parsePayeeList(" ,\n\t, ")).toEqual({ ids: [], entries: [] });
  });

  it("should keep leading zeros when an id starts with 0", () => {
    expect(parsePayeeList("000000000042").entries).toEqual([
      { raw: "000000000042", valid: true, duplicate: false },
    ]);
  });

  it("should flag an entry as invalid when it is not exactly 12 ASCII digits", () => {
    const text = "33 1234567890123 12345678901a １２３４５６７８９０１２ 123456789012";
    expect(parsePayeeList(text).entries.map((entry) => entry.valid)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it("should flag every later occurrence as a duplicate when an id repeats", () => {
    const { entries } = parsePayeeList("111111111111 222222222222 111111111111 111111111111");
    expect(entries.map((entry) => entry.duplicate)).toEqual([false, false, true, true]);
    expect(entries.every((entry) => entry.valid)).toBe(true);
  });

  it("should give back the same ids in order when valid ids are joined with any separators", () => {
    fc.assert(
      fc.property(pastedList(fc.array(awsId, { maxLength: 30 })), ({ list, text }) => {
        const parsed = parsePayeeList(text);
        expect(parsed.ids).toEqual(list);
        expect(parsed.entries.every((entry) => entry.valid)).toBe(true);
      }),
    );
  });

  it("should flag exactly the repeats when unique ids are listed with repeats", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(awsId, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (unique, picks) => {
          const repeats = picks.map((pick) => unique[pick % unique.length]!);
          const { entries } = parsePayeeList([...unique, ...repeats].join(","));
          expect(entries.map((entry) => entry.duplicate)).toEqual([
            ...unique.map(() => false),
            ...repeats.map(() => true),
          ]);
        },
      ),
    );
  });

  it("should keep one entry per token and never a separator inside one when given any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii" }), (text) => {
        const { ids, entries } = parsePayeeList(text);
        expect(entries.map((entry) => entry.raw)).toEqual(ids);
        for (const id of ids) expect(id).toMatch(/^[^\s,]+$/);
        expect(ids.join("")).toBe(text.replace(/[\s,]/g, ""));
      }),
    );
  });
});

describe("payeeIndexOfField", () => {
  it("should return the entry index when the field names one payee", () => {
    expect(payeeIndexOfField("input.awsPayeeAccountIds[3]")).toBe(3);
    expect(payeeIndexOfField("input.awsPayeeAccountIds[0]")).toBe(0);
  });

  it("should return null when the field is another input or the whole list", () => {
    expect(payeeIndexOfField("input.awsPayeeAccountIds")).toBeNull();
    expect(payeeIndexOfField("input.awsPayerAccountId")).toBeNull();
    expect(payeeIndexOfField("input.awsPayeeAccountIds[x]")).toBeNull();
    expect(payeeIndexOfField(null)).toBeNull();
  });

  it("should read back any index when the API names it", () => {
    fc.assert(
      fc.property(fc.nat(), (i) => {
        expect(payeeIndexOfField(`input.awsPayeeAccountIds[${i}]`)).toBe(i);
      }),
    );
  });
});

describe("isPayeeField", () => {
  it("should be true when the field is the list or one of its entries", () => {
    expect(isPayeeField("input.awsPayeeAccountIds")).toBe(true);
    expect(isPayeeField("input.awsPayeeAccountIds[12]")).toBe(true);
    expect(isPayeeField("input.awsPayerAccountId")).toBe(false);
    expect(isPayeeField(null)).toBe(false);
  });
});

describe("payeeListProblem", () => {
  it("should ask for a payee when the list is empty", () => {
    expect(payeeListProblem(parsePayeeList(" "))).toBe("Enter at least one payee account id.");
  });

  it("should name the invalid entry when there is one", () => {
    expect(payeeListProblem(parsePayeeList("111111111111, 33"))).toBe(
      '"33" is not a 12-digit AWS account id.',
    );
  });

  it("should count and name the first invalid entries when there are many", () => {
    expect(payeeListProblem(parsePayeeList("1 2 3 4 5 6 7"))).toBe(
      '7 entries are not 12-digit AWS account ids: "1", "2", "3", "4", "5", ….',
    );
  });

  it("should name a repeated id when all entries are valid", () => {
    expect(payeeListProblem(parsePayeeList("111111111111 111111111111"))).toBe(
      '"111111111111" is listed more than once.',
    );
  });

  it("should return null when every entry is a distinct 12-digit id", () => {
    expect(payeeListProblem(parsePayeeList("111111111111 222222222222"))).toBeNull();
  });
});

describe("describePayeeCount", () => {
  it("should count payees and invalid entries when some are invalid", () => {
    expect(describePayeeCount(parsePayeeList("111111111111, 222222222222\n33"))).toBe(
      "3 payees, 1 invalid",
    );
    expect(describePayeeCount(parsePayeeList("111111111111"))).toBe("1 payee, 0 invalid");
  });

  it("should add the repeats when an id is listed twice", () => {
    expect(describePayeeCount(parsePayeeList("111111111111 111111111111"))).toBe(
      "2 payees, 0 invalid, 1 repeated",
    );
  });
});
