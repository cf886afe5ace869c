import { describe, expect, it } from "vitest";
import { errorOf, valueOf } from "../testing/fixtures.js";
import {
  checkRuleDeletable,
  classifyLineItemType,
  KNOWN_LINE_ITEM_TYPES,
  isRuleEffective,
  priceMonth,
  rulesFor,
  sortRules,
  validatePricingRule,
  type CostLine,
  type PricingRule,
  type PricingRuleDraft,
} from "./pricing.js";

const MONTH = "2024-03";
const A1 = "000000000001";
const A2 = "000000000002";

function draft(overrides: Partial<PricingRuleDraft> = {}): PricingRuleDraft {
  return { order: 1, effectiveFrom: "2024-01", kind: "MARKUP", percent: "10", ...overrides };
}

function rule(id: string, overrides: Partial<PricingRule> = {}): PricingRule {
  return {
    id,
    order: 1,
    effectiveFrom: "2024-01",
    effectiveTo: null,
    kind: "MARKUP",
    percent: "10.00",
    ...overrides,
  };
}

function line(overrides: Partial<CostLine> = {}): CostLine {
  return {
    serviceCode: "AmazonEC2",
    usageAccountId: A1,
    usageDate: "2024-03-01",
    lineItemType: "Usage",
    currency: "USD",
    unblendedCost: "100",
    listCost: "100",
    ...overrides,
  };
}

const validate = (d: PricingRuleDraft, locked: readonly string[] = [], previous?: PricingRule) =>
  validatePricingRule(d, "input", locked, previous ?? null);

describe("validatePricingRule", () => {
  it("should return the rule with two-decimal percentages when a markup is valid", () => {
    expect(valueOf(validate(draft({ percent: " 7.5 ", serviceCode: " AmazonEC2 " })))).toEqual({
      order: 1,
      effectiveFrom: "2024-01",
      effectiveTo: null,
      kind: "MARKUP",
      percent: "7.50",
      amount: null,
      serviceCode: "AmazonEC2",
      basis: null,
      name: null,
    });
  });

  it("should accept each kind when its fields are complete", () => {
    expect(valueOf(validate(draft({ kind: "DISCOUNT", percent: "100" }))).percent).toBe("100.00");
    expect(valueOf(validate(draft({ kind: "MARKUP", percent: "0" }))).percent).toBe("0.00");
    expect(valueOf(validate(draft({ kind: "FEE", percent: null, amount: "250" }))).amount).toBe(
      "250.00",
    );
    expect(valueOf(validate(draft({ kind: "CREDIT", percent: "2.5" }))).percent).toBe("2.50");
    expect(valueOf(validate(draft({ kind: "BASIS", percent: "", basis: "LIST" }))).basis).toBe(
      "LIST",
    );
    expect(
      valueOf(validate(draft({ effectiveFrom: "2024-02", effectiveTo: "2024-02" }))).effectiveTo,
    ).toBe("2024-02");
  });

  it("should treat blank optional fields as absent when they hold only whitespace", () => {
    const spec = valueOf(
      validate(draft({ kind: "FEE", percent: "  ", amount: "10.5", serviceCode: "", basis: " " })),
    );
    expect(spec).toMatchObject({ percent: null, amount: "10.50", serviceCode: null, basis: null });
  });

  it("should fail with VALUE_INVALID on input.kind when the kind is unknown", () => {
    expect(errorOf(validate(draft({ kind: "SURCHARGE" })))).toMatchObject({
      code: "VALUE_INVALID",
      field: "input.kind",
      value: "SURCHARGE",
    });
  });

  it("should fail with VALUE_INVALID on input.order when the order is not a whole number in range", () => {
    for (const order of [-1, 1.5, Number.NaN, 1_000_001]) {
      expect(errorOf(validate(draft({ order }))), String(order)).toMatchObject({
        code: "VALUE_INVALID",
        field: "input.order",
      });
    }
    expect(valueOf(validate(draft({ order: 1_000_000 }))).order).toBe(1_000_000);
  });

  it("should fail with VALUE_REQUIRED on input.effectiveFrom when it is blank", () => {
    expect(errorOf(validate(draft({ effectiveFrom: " " })))).toMatchObject({
      code: "VALUE_REQUIRED",
      field: "input.effectiveFrom",
    });
  });

  it("should fail with MONTH_INVALID when a month is not YYYY-MM", () => {
    expect(errorOf(validate(draft({ effectiveFrom: "2024-13" })))).toMatchObject({
      code: "MONTH_INVALID",
      field: "input.effectiveFrom",
      value: "2024-13",
    });
    expect(errorOf(validate(draft({ effectiveFrom: "2024-1" })))).toMatchObject({
      code: "MONTH_INVALID",
      field: "input.effectiveFrom",
    });
    expect(errorOf(validate(draft({ effectiveTo: "2024-03-01" })))).toMatchObject({
      code: "MONTH_INVALID",
      field: "input.effectiveTo",
      value: "2024-03-01",
    });
  });

  it("should fail with MONTH_RANGE_INVALID on input.effectiveTo when it is before effectiveFrom", () => {
    expect(
      errorOf(validate(draft({ effectiveFrom: "2024-05", effectiveTo: "2024-04" }))),
    ).toMatchObject({ code: "MONTH_RANGE_INVALID", field: "input.effectiveTo", value: "2024-04" });
  });

  it("should fail with RULE_FIELD_NOT_ALLOWED when a field does not belong to the kind", () => {
    const cases: [Partial<PricingRuleDraft>, string][] = [
      [{ kind: "FEE", percent: null, amount: "5", serviceCode: "AmazonEC2" }, "input.serviceCode"],
      [{ kind: "MARKUP", basis: "LIST" }, "input.basis"],
      [{ kind: "DISCOUNT", amount: "5" }, "input.amount"],
      [{ kind: "BASIS", basis: "LIST" }, "input.percent"],
      [{ kind: "CREDIT", percent: "5", basis: "UNBLENDED" }, "input.basis"],
    ];
    for (const [overrides, field] of cases) {
      expect(errorOf(validate(draft(overrides))), field).toMatchObject({
        code: "RULE_FIELD_NOT_ALLOWED",
        field,
      });
    }
  });

  it("should fail with VALUE_REQUIRED when a kind's required field is missing", () => {
    expect(errorOf(validate(draft({ percent: null })))).toMatchObject({
      code: "VALUE_REQUIRED",
      field: "input.percent",
    });
    expect(errorOf(validate(draft({ kind: "BASIS", percent: null })))).toMatchObject({
      code: "VALUE_REQUIRED",
      field: "input.basis",
    });
  });

  it("should fail with VALUE_INVALID on input.basis when the basis is unknown", () => {
    expect(
      errorOf(validate(draft({ kind: "BASIS", percent: null, basis: "BLENDED" }))),
    ).toMatchObject({ code: "VALUE_INVALID", field: "input.basis", value: "BLENDED" });
  });

  it("should fail with AMOUNT_XOR_PERCENT when a fee or credit has both or neither", () => {
    expect(errorOf(validate(draft({ kind: "FEE", percent: "5", amount: "5" })))).toMatchObject({
      code: "AMOUNT_XOR_PERCENT",
      field: "input.amount",
    });
    expect(errorOf(validate(draft({ kind: "CREDIT", percent: null })))).toMatchObject({
      code: "AMOUNT_XOR_PERCENT",
      field: "input.amount",
    });
  });

  it("should fail with PERCENT_INVALID when a percentage is negative, too precise or not a number", () => {
    for (const percent of ["-1", "1.234", "abc", "1e2", "1.", ".5", "1 000"]) {
      expect(errorOf(validate(draft({ percent }))), percent).toMatchObject({
        code: "PERCENT_INVALID",
        field: "input.percent",
      });
    }
    expect(errorOf(validate(draft({ kind: "FEE", percent: "0.001" })))).toMatchObject({
      code: "PERCENT_INVALID",
      field: "input.percent",
      value: "0.001",
    });
  });

  it("should fail with PERCENT_OUT_OF_RANGE when a discount or credit exceeds 100 or a markup or fee 1000", () => {
    const cases: [string, string][] = [
      ["DISCOUNT", "100.01"],
      ["CREDIT", "101"],
      ["MARKUP", "1000.01"],
      ["FEE", "5000"],
    ];
    for (const [kind, percent] of cases) {
      expect(errorOf(validate(draft({ kind, percent }))), kind).toMatchObject({
        code: "PERCENT_OUT_OF_RANGE",
        field: "input.percent",
      });
    }
    expect(valueOf(validate(draft({ kind: "MARKUP", percent: "1000" }))).percent).toBe("1000.00");
  });

  it("should fail with AMOUNT_INVALID when a flat amount is not positive with two decimals", () => {
    for (const amount of ["0", "0.00", "-5", "1.001", "ten"]) {
      expect(
        errorOf(validate(draft({ kind: "FEE", percent: null, amount }))),
        amount,
      ).toMatchObject({ code: "AMOUNT_INVALID", field: "input.amount" });
    }
  });

  it("should fail with VALUE_TOO_LONG or VALUE_INVALID when the service code is not plain text", () => {
    expect(errorOf(validate(draft({ serviceCode: "x".repeat(129) })))).toMatchObject({
      code: "VALUE_TOO_LONG",
      field: "input.serviceCode",
    });
    expect(errorOf(validate(draft({ serviceCode: "Amazon\nEC2" })))).toMatchObject({
      code: "VALUE_INVALID",
      field: "input.serviceCode",
    });
  });

  describe("locked months", () => {
    const locked = ["2024-03", "2024-01", "2024-02"];
    const existing = rule("7", { effectiveFrom: "2024-01", effectiveTo: null });
    const sameAsExisting: PricingRuleDraft = {
      order: 1,
      effectiveFrom: "2024-01",
      effectiveTo: null,
      kind: "MARKUP",
      percent: "10",
    };

    it("should fail with MONTH_LOCKED naming the first locked month when a new rule covers it", () => {
      expect(errorOf(validate(draft({ effectiveFrom: "2023-11" }), locked))).toMatchObject({
        code: "MONTH_LOCKED",
        field: "input.effectiveFrom",
        value: "2024-01",
        details: { month: "2024-01" },
      });
      expect(
        errorOf(validate(draft({ effectiveFrom: "2024-02", effectiveTo: "2024-02" }), locked)),
      ).toMatchObject({ code: "MONTH_LOCKED", value: "2024-02" });
    });

    it("should accept a new rule when it starts after the last locked month", () => {
      expect(valueOf(validate(draft({ effectiveFrom: "2024-04" }), locked)).effectiveFrom).toBe(
        "2024-04",
      );
    });

    it("should fail with MONTH_LOCKED on the changed field when a rule covering a locked month changes its price", () => {
      expect(
        errorOf(validate({ ...sameAsExisting, percent: "12" }, locked, existing)),
      ).toMatchObject({ code: "MONTH_LOCKED", field: "input.percent", value: "2024-01" });
      expect(errorOf(validate({ ...sameAsExisting, order: 2 }, locked, existing))).toMatchObject({
        code: "MONTH_LOCKED",
        field: "input.order",
      });
      expect(
        errorOf(validate({ ...sameAsExisting, serviceCode: "AmazonS3" }, locked, existing)),
      ).toMatchObject({ code: "MONTH_LOCKED", field: "input.serviceCode" });
    });

    it("should fail with MONTH_LOCKED when a change moves a rule's range over a locked month", () => {
      expect(
        errorOf(validate({ ...sameAsExisting, effectiveFrom: "2024-03" }, locked, existing)),
      ).toMatchObject({ code: "MONTH_LOCKED", field: "input.effectiveFrom", value: "2024-01" });
      expect(
        errorOf(validate({ ...sameAsExisting, effectiveTo: "2024-02" }, locked, existing)),
      ).toMatchObject({ code: "MONTH_LOCKED", field: "input.effectiveTo", value: "2024-03" });
      const later = rule("8", { effectiveFrom: "2024-04" });
      expect(
        errorOf(validate({ ...sameAsExisting, effectiveFrom: "2024-03" }, locked, later)),
      ).toMatchObject({ code: "MONTH_LOCKED", field: "input.effectiveFrom", value: "2024-03" });
    });

    it("should accept ending a locked rule when the end is the last locked month or later", () => {
      expect(
        valueOf(validate({ ...sameAsExisting, effectiveTo: "2024-03" }, locked, existing))
          .effectiveTo,
      ).toBe("2024-03");
      expect(valueOf(validate(sameAsExisting, locked, existing)).percent).toBe("10.00");
    });

    it("should accept any change when the rule covers no locked month before or after", () => {
      const later = rule("8", { effectiveFrom: "2024-05", effectiveTo: "2024-06" });
      expect(
        valueOf(
          validate({ ...sameAsExisting, effectiveFrom: "2024-04", percent: "3" }, locked, later),
        ).percent,
      ).toBe("3.00");
    });

    it("should fail with MONTH_LOCKED when deleting a rule that covers a locked month", () => {
      expect(errorOf(checkRuleDeletable(existing, locked, "input.id"))).toMatchObject({
        code: "MONTH_LOCKED",
        field: "input.id",
        value: "2024-01",
      });
      const later = rule("8", { effectiveFrom: "2024-04" });
      expect(valueOf(checkRuleDeletable(later, locked, "input.id"))).toBe(later);
    });

    it("should throw when a locked month is malformed", () => {
      expect(() => validate(draft(), ["2024-3"])).toThrow(/not a billing month/);
    });
  });
});

describe("isRuleEffective", () => {
  it("should include both ends of the range when checking a month", () => {
    const r = rule("1", { effectiveFrom: "2024-02", effectiveTo: "2024-04" });
    expect(["2024-01", "2024-02", "2024-04", "2024-05"].map((m) => isRuleEffective(r, m))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(isRuleEffective(rule("2", { effectiveFrom: "2024-02" }), "2099-12")).toBe(true);
  });
});

describe("rulesFor", () => {
  const parentDefault = [
    rule("p1", { order: 2, kind: "FEE", percent: null, amount: "50.00" }),
    rule("p2", { order: 1 }),
  ];

  it("should use only the Child's rules when the Child has a rule effective that month", () => {
    const child = [rule("c1", { effectiveFrom: "2024-03", percent: "20.00" })];
    expect(rulesFor(child, parentDefault, "2024-03").map((r) => r.id)).toEqual(["c1"]);
  });

  it("should fall back to the Parent default in order when the Child has no rule effective that month", () => {
    const child = [rule("c1", { effectiveFrom: "2024-03" })];
    expect(rulesFor(child, parentDefault, "2024-02").map((r) => r.id)).toEqual(["p2", "p1"]);
    expect(rulesFor([], parentDefault, "2024-02").map((r) => r.id)).toEqual(["p2", "p1"]);
  });

  it("should drop rules outside their range when choosing either list", () => {
    const ended = rule("p3", { effectiveTo: "2024-01" });
    expect(rulesFor([], [ended, ...parentDefault], "2024-02").map((r) => r.id)).toEqual([
      "p2",
      "p1",
    ]);
  });

  it("should throw when the month is malformed", () => {
    expect(() => rulesFor([], [], "March")).toThrow(/not a billing month/);
  });
});

describe("sortRules", () => {
  it("should order by order and then by numeric id when orders tie", () => {
    const rules = [rule("10", { order: 1 }), rule("2", { order: 1 }), rule("1", { order: 5 })];
    expect(sortRules(rules).map((r) => r.id)).toEqual(["2", "10", "1"]);
  });
});

describe("classifyLineItemType", () => {
  it("should classify CUR line item types and FOCUS charge categories when they are known", () => {
    expect(
      [
        "Usage",
        "DiscountedUsage",
        "SavingsPlanCoveredUsage",
        "SavingsPlanNegation",
        "BundledDiscount",
        "SavingsPlanRecurringFee",
        "SavingsPlanUpfrontFee",
        "RIFee",
        "Fee",
        "Tax",
        "Credit",
        "Refund",
        "Purchase",
        "Adjustment",
      ].map(classifyLineItemType),
    ).toEqual([
      "USAGE",
      "USAGE",
      "USAGE",
      "USAGE",
      "USAGE",
      "FEE",
      "FEE",
      "FEE",
      "FEE",
      "TAX",
      "CREDIT",
      "REFUND",
      "FEE",
      "REFUND",
    ]);
  });

  it("should return null when the type is unknown or spelled differently", () => {
    expect(classifyLineItemType("EdpDiscount")).toBeNull();
    expect(classifyLineItemType("usage")).toBeNull();
    expect(classifyLineItemType("constructor")).toBeNull();
    expect(classifyLineItemType("EdpDiscount:Correction")).toBeNull();
    expect(classifyLineItemType(":Correction")).toBeNull();
  });

  it("should classify a FOCUS correction as the charge it corrects", () => {
    expect(classifyLineItemType("Usage:Correction")).toBe("USAGE");
    expect(classifyLineItemType("Tax:Correction")).toBe("TAX");
    expect(classifyLineItemType("Purchase:Correction")).toBe("FEE");
  });

  it("should list every known type and its correction in KNOWN_LINE_ITEM_TYPES", () => {
    expect(KNOWN_LINE_ITEM_TYPES).toContain("SavingsPlanNegation");
    expect(KNOWN_LINE_ITEM_TYPES).toContain("Credit:Correction");
    expect(KNOWN_LINE_ITEM_TYPES).toHaveLength(28);
    for (const type of KNOWN_LINE_ITEM_TYPES)
      expect(classifyLineItemType(type), type).not.toBeNull();
  });
});

describe("priceMonth", () => {
  // Written out by hand in the comments of the tests below.
  const month: CostLine[] = [
    line({ lineItemType: "Usage", unblendedCost: "100", listCost: "100" }),
    line({ lineItemType: "DiscountedUsage", unblendedCost: "0", listCost: "40" }),
    line({ lineItemType: "RIFee", unblendedCost: "25", listCost: "0" }),
    line({
      serviceCode: "AmazonS3",
      usageAccountId: A2,
      usageDate: "2024-03-02",
      unblendedCost: "50",
      listCost: "50",
    }),
    line({
      serviceCode: "AmazonS3",
      usageAccountId: A2,
      usageDate: "2024-03-02",
      lineItemType: "Tax",
      unblendedCost: "8.25",
      listCost: "8.25",
    }),
    line({ lineItemType: "Credit", unblendedCost: "-10", listCost: "-10" }),
    line({ usageDate: "2024-03-03", lineItemType: "Refund", unblendedCost: "-5", listCost: "-5" }),
  ];
  const rules: PricingRule[] = [
    rule("1", { order: 1, kind: "MARKUP", percent: "10.00" }),
    rule("2", { order: 2, kind: "DISCOUNT", percent: "5.00", serviceCode: "AmazonEC2" }),
    rule("3", { order: 3, kind: "FEE", percent: null, amount: "100.00" }),
    rule("4", { order: 4, kind: "CREDIT", percent: "2.00" }),
  ];

  it("should apply markups, per-service discounts, fees and credits when pricing on unblended cost", () => {
    const priced = valueOf(priceMonth(month, rules, MONTH));
    // EC2: usage 100 + 0 → +10 % = 110 → −5 % = 104.50, plus the RI fee 25 unchanged = 129.50.
    // S3: 50 → +10 % = 55 (the discount is EC2's only).
    expect(priced.basis).toBe("UNBLENDED");
    expect(priced.lines).toEqual([
      {
        serviceCode: "AmazonEC2",
        usageAccountId: A1,
        usageDate: "2024-03-01",
        baseCost: "125.000000000000",
        billedCost: "129.500000000000",
      },
      {
        serviceCode: "AmazonS3",
        usageAccountId: A2,
        usageDate: "2024-03-02",
        baseCost: "50.000000000000",
        billedCost: "55.000000000000",
      },
    ]);
    // Priced 184.50; fee 100; credit 2 % of 184.50 = 3.69; billed 280.81; base 175.
    expect(priced.adjustments).toEqual([
      { ruleId: "3", kind: "FEE", percent: null, amount: "100.000000000000" },
      { ruleId: "4", kind: "CREDIT", percent: "2.00", amount: "-3.690000000000" },
    ]);
    expect(priced.totals).toEqual({
      base: "175.000000000000",
      priced: "184.500000000000",
      fees: "100.000000000000",
      ruleCredits: "-3.690000000000",
      billed: "280.810000000000",
      margin: "105.810000000000",
      tax: "8.250000000000",
      credits: "-10.000000000000",
      refunds: "-5.000000000000",
      // 280.81 + 8.25 − 10 − 5
      total: "274.060000000000",
    });
  });

  it("should start from list cost and drop the RI fee when a BASIS LIST rule applies", () => {
    const list = [rule("0", { order: 0, kind: "BASIS", percent: null, basis: "LIST" }), ...rules];
    const priced = valueOf(priceMonth(month, list, MONTH));
    // EC2: list 100 + 40 = 140 → 154 → −7.70 = 146.30; the RI fee's list cost is 0.
    expect(priced.basis).toBe("LIST");
    expect(priced.lines.map((l) => [l.baseCost, l.billedCost])).toEqual([
      ["125.000000000000", "146.300000000000"],
      ["50.000000000000", "55.000000000000"],
    ]);
    // Priced 201.30; credit 2 % = 4.026; billed 201.30 + 100 − 4.026 = 297.274.
    expect(priced.totals).toMatchObject({
      base: "175.000000000000",
      priced: "201.300000000000",
      ruleCredits: "-4.026000000000",
      billed: "297.274000000000",
      margin: "122.274000000000",
      total: "290.524000000000",
    });
  });

  it("should pass tax, credits and refunds through unchanged and apart when rules change usage", () => {
    const priced = valueOf(priceMonth(month, rules, MONTH));
    expect(priced.passThrough).toEqual([
      {
        class: "CREDIT",
        serviceCode: "AmazonEC2",
        usageAccountId: A1,
        usageDate: "2024-03-01",
        amount: "-10.000000000000",
      },
      {
        class: "REFUND",
        serviceCode: "AmazonEC2",
        usageAccountId: A1,
        usageDate: "2024-03-03",
        amount: "-5.000000000000",
      },
      {
        class: "TAX",
        serviceCode: "AmazonS3",
        usageAccountId: A2,
        usageDate: "2024-03-02",
        amount: "8.250000000000",
      },
    ]);
  });

  it("should compound markups and discounts in order when several apply to a line", () => {
    const stacked = [
      rule("1", { order: 1, kind: "MARKUP", percent: "10.00" }),
      rule("2", { order: 2, kind: "DISCOUNT", percent: "10.00" }),
    ];
    // 100 × 1.10 × 0.90 = 99, not 100 as adding the percentages would give.
    expect(valueOf(priceMonth([line()], stacked, MONTH)).totals.billed).toBe("99.000000000000");
  });

  it("should round each step half-up to 12 decimals when a percentage leaves more", () => {
    // 0.000000000015 × 1.5 = 0.0000000000225 → 0.000000000023 (the tie rounds up).
    const r = [rule("1", { percent: "50.00" })];
    const priced = valueOf(priceMonth([line({ unblendedCost: "0.000000000015" })], r, MONTH));
    expect(priced.totals.billed).toBe("0.000000000023");
  });

  it("should let the last BASIS rule in order win when several apply", () => {
    const list = rule("1", { order: 1, kind: "BASIS", percent: null, basis: "LIST" });
    const unblended = rule("2", { order: 2, kind: "BASIS", percent: null, basis: "UNBLENDED" });
    expect(valueOf(priceMonth([], [list, unblended], MONTH)).basis).toBe("UNBLENDED");
    expect(valueOf(priceMonth([], [{ ...unblended, order: 0 }, list], MONTH)).basis).toBe("LIST");
    // Same order: id 2 before id 10, so id 10 decides.
    const tenth = { ...list, id: "10", order: 2 };
    expect(valueOf(priceMonth([], [tenth, unblended], MONTH)).basis).toBe("LIST");
  });

  it("should ignore rules outside their effective range when pricing a month", () => {
    const r = [
      rule("1", { effectiveFrom: "2024-01", effectiveTo: "2024-02", percent: "50.00" }),
      rule("2", { effectiveFrom: "2024-04", percent: "50.00" }),
      rule("3", { effectiveFrom: "2024-03", effectiveTo: "2024-03", percent: "20.00" }),
    ];
    expect(valueOf(priceMonth([line()], r, MONTH)).totals.billed).toBe("120.000000000000");
    expect(valueOf(priceMonth([line()], r, "2024-02")).totals.billed).toBe("150.000000000000");
  });

  it("should aggregate lines per service, account and day and sort them when given out of order", () => {
    const lines = [
      line({ usageDate: "2024-03-02", unblendedCost: "1" }),
      line({ usageDate: "2024-03-01", usageAccountId: A2, unblendedCost: "2" }),
      line({ usageDate: "2024-03-01", unblendedCost: "3" }),
      line({ usageDate: "2024-03-02", unblendedCost: "4" }),
    ];
    const priced = valueOf(priceMonth(lines, [], MONTH));
    expect(priced.lines.map((l) => [l.usageDate, l.usageAccountId, l.billedCost])).toEqual([
      ["2024-03-01", A1, "3.000000000000"],
      ["2024-03-01", A2, "2.000000000000"],
      ["2024-03-02", A1, "5.000000000000"],
    ]);
  });

  it("should add a flat fee when the month has no cost lines", () => {
    const fee = rule("1", { kind: "FEE", percent: null, amount: "99.99" });
    const percentFee = rule("2", { order: 2, kind: "FEE", percent: "5.00" });
    const priced = valueOf(priceMonth([], [fee, percentFee], MONTH));
    expect(priced.currency).toBe("USD");
    expect(priced.totals).toMatchObject({
      base: "0.000000000000",
      fees: "99.990000000000",
      billed: "99.990000000000",
      margin: "99.990000000000",
    });
  });

  it("should take percent fees and credits of zero when the priced cost is negative", () => {
    const lines = [line({ lineItemType: "BundledDiscount", unblendedCost: "-3", listCost: "-3" })];
    const r = [
      rule("1", { kind: "FEE", percent: "10.00" }),
      rule("2", { kind: "CREDIT", percent: "10.00" }),
    ];
    const priced = valueOf(priceMonth(lines, r, MONTH));
    expect(priced.adjustments.map((a) => a.amount)).toEqual(["0.000000000000", "0.000000000000"]);
    expect(priced.totals.billed).toBe("-3.000000000000");
  });

  it("should price unknown line item types as usage and report them when the type is new", () => {
    const lines = [
      line({ lineItemType: "EdpDiscount", unblendedCost: "-10", listCost: "0" }),
      line({ lineItemType: "SppDiscount", unblendedCost: "-1", listCost: "0" }),
      line({ lineItemType: "EdpDiscount", unblendedCost: "-2", listCost: "0" }),
      line(),
    ];
    const priced = valueOf(priceMonth(lines, [rule("1")], MONTH));
    // (100 − 10 − 1 − 2) × 1.10 = 95.70
    expect(priced.totals.billed).toBe("95.700000000000");
    expect(priced.unknownLineItemTypes).toEqual(["EdpDiscount", "SppDiscount"]);
  });

  it("should classify FOCUS charge categories when the lines come from a FOCUS file", () => {
    const lines = [
      line({ lineItemType: "Usage", unblendedCost: "10" }),
      line({ lineItemType: "Purchase", unblendedCost: "20" }),
      line({ lineItemType: "Adjustment", unblendedCost: "-1" }),
      line({ lineItemType: "Tax", unblendedCost: "2" }),
    ];
    const priced = valueOf(priceMonth(lines, [rule("1")], MONTH));
    // Usage 10 → 11, the purchase 20 unchanged; the adjustment and tax pass through.
    expect(priced.totals).toMatchObject({
      base: "30.000000000000",
      billed: "31.000000000000",
      refunds: "-1.000000000000",
      tax: "2.000000000000",
      total: "32.000000000000",
    });
  });

  it("should leave billed equal to base when the only markup is 0 %", () => {
    const priced = valueOf(priceMonth(month, [rule("1", { percent: "0.00" })], MONTH));
    expect(priced.totals.billed).toBe(priced.totals.base);
    expect(priced.totals.margin).toBe("0.000000000000");
  });

  it("should fail with CURRENCY_MIXED when lines are in more than one currency", () => {
    const lines = [line(), line({ currency: "EUR" })];
    expect(errorOf(priceMonth(lines, [], MONTH))).toMatchObject({
      code: "CURRENCY_MIXED",
      details: { currencies: "EUR,USD" },
    });
  });

  it("should fail with CURRENCY_MIXED when the lines are not in the bill's currency", () => {
    expect(errorOf(priceMonth([line()], [], MONTH, { currency: "EUR" }))).toMatchObject({
      code: "CURRENCY_MIXED",
      value: "EUR,USD",
    });
    const euros = valueOf(priceMonth([line({ currency: "EUR" })], [], MONTH, { currency: "EUR" }));
    expect(euros.currency).toBe("EUR");
    expect(valueOf(priceMonth([], [], MONTH, { currency: "JPY" })).currency).toBe("JPY");
  });

  it("should throw when a stored rule misses the field its kind needs", () => {
    expect(() => priceMonth([line()], [rule("9", { percent: null })], MONTH)).toThrow(
      /has no percent/,
    );
    expect(() => priceMonth([line({ unblendedCost: "1.5E-13" })], [], MONTH)).toThrow(RangeError);
    expect(() => priceMonth([], [], "2024-3")).toThrow(/not a billing month/);
  });
});
