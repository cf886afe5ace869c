import { describe, expect, it } from "vitest";
import type { LinkPayees } from "./model.js";
import {
  MAX_PAYEES_PER_LINK,
  billingMonthOf,
  findPayeeConflict,
  historyEffectiveFrom,
  parsePayeeIds,
  payeesForMonth,
  planLinkUpdate,
  planResellerLink,
  type LinkContext,
  type LinkDraft,
  type LinkVersion,
} from "./reseller-links.js";
import {
  actor,
  adminOfParentA,
  errorOf,
  masterPayerA,
  masterPayerB,
  operator,
  plainAccountA,
  plainChildA,
  plainChildAccountA,
  resellerA,
  resellerAccountA,
  resellerB,
  sysAdminA,
  sysAdminB,
  valueOf,
} from "./testing/fixtures.js";

const FIELD = "input.awsPayeeAccountIds";
const PAYER = "111111111111";
const P1 = "000000000001";
const P2 = "000000000002";
const P3 = "000000000003";

describe("parsePayeeIds", () => {
  it("should return the ids in the given order when they are valid", () => {
    expect(valueOf(parsePayeeIds([P3, P1, P2], PAYER, FIELD))).toEqual([P3, P1, P2]);
  });

  it("should fail with PAYEES_EMPTY when no payee is given", () => {
    expect(errorOf(parsePayeeIds([], PAYER, FIELD))).toMatchObject({
      code: "PAYEES_EMPTY",
      field: FIELD,
    });
  });

  it("should accept exactly 1000 payees and fail with PAYEES_TOO_MANY at 1001", () => {
    const ids = Array.from({ length: MAX_PAYEES_PER_LINK + 1 }, (_, i) =>
      String(i).padStart(12, "0"),
    );
    expect(valueOf(parsePayeeIds(ids.slice(0, 1000), PAYER, FIELD))).toHaveLength(1000);
    expect(errorOf(parsePayeeIds(ids, PAYER, FIELD))).toMatchObject({
      code: "PAYEES_TOO_MANY",
      field: FIELD,
      value: 1001,
    });
  });

  it("should fail with AWS_ACCOUNT_ID_INVALID at the index when a payee is not 12 digits", () => {
    expect(errorOf(parsePayeeIds([P1, "12345", "x"], PAYER, FIELD))).toMatchObject({
      code: "AWS_ACCOUNT_ID_INVALID",
      field: `${FIELD}[1]`,
      value: "12345",
    });
  });

  it("should fail with PAYEE_DUPLICATE at the second occurrence when a payee repeats", () => {
    expect(errorOf(parsePayeeIds([P1, P2, P3, P2], PAYER, FIELD))).toMatchObject({
      code: "PAYEE_DUPLICATE",
      field: `${FIELD}[3]`,
      value: P2,
    });
  });

  it("should fail with PAYEE_EQUALS_PAYER at the index when a payee is the payer", () => {
    expect(errorOf(parsePayeeIds([P1, PAYER], PAYER, FIELD))).toMatchObject({
      code: "PAYEE_EQUALS_PAYER",
      field: `${FIELD}[1]`,
      value: PAYER,
    });
  });

  it("should report the first offending index when several payees are wrong", () => {
    expect(errorOf(parsePayeeIds([P1, PAYER, "bad", P1], PAYER, FIELD)).field).toBe(`${FIELD}[1]`);
    expect(errorOf(parsePayeeIds([P1, P1, "bad"], PAYER, FIELD)).code).toBe("PAYEE_DUPLICATE");
  });
});

describe("planResellerLink", () => {
  const draft: LinkDraft = {
    masterPayerAccountId: "501",
    resellerPartnerId: "11",
    resellerAccountId: "0",
    awsPayerAccountId: PAYER,
    awsPayeeAccountIds: [P1, P2],
    history: "RESET_ALL_HISTORY",
  };
  const ctx: LinkContext = {
    actor: sysAdminA,
    masterPayerAccount: masterPayerA,
    resellerPartner: resellerA,
    resellerAccount: null,
    existingLinks: [],
  };

  it("should plan a link that creates the reseller account when the account id is 0", () => {
    expect(valueOf(planResellerLink(ctx, draft))).toEqual({
      masterPayerAccountId: "501",
      resellerPartnerId: "11",
      resellerAccountId: null,
      awsPayerAccountId: PAYER,
      awsPayeeAccountIds: [P1, P2],
      history: "RESET_ALL_HISTORY",
    });
  });

  it("should keep the reseller account when it belongs to the reseller", () => {
    const plan = valueOf(
      planResellerLink(
        { ...ctx, resellerAccount: resellerAccountA },
        { ...draft, resellerAccountId: "511", history: "KEEP_HISTORY" },
      ),
    );
    expect(plan).toMatchObject({ resellerAccountId: "511", history: "KEEP_HISTORY" });
  });

  it.each([
    ["an operator", operator],
    ["an administrator", adminOfParentA],
    ["a sys admin of a Child", actor("PARTNER_SYS_ADMIN", resellerA)],
  ])("should fail with ROLE_FORBIDDEN when the actor is %s", (_label, who) => {
    expect(errorOf(planResellerLink({ ...ctx, actor: who }, draft)).code).toBe("ROLE_FORBIDDEN");
  });

  it.each([
    ["masterPayerAccountId", { masterPayerAccountId: "x" }],
    ["resellerPartnerId", { resellerPartnerId: "011" }],
    ["resellerAccountId", { resellerAccountId: "-5" }],
  ])("should fail with ID_INVALID on input.%s when the id is malformed", (field, patch) => {
    expect(errorOf(planResellerLink(ctx, { ...draft, ...patch }))).toMatchObject({
      code: "ID_INVALID",
      field: `input.${field}`,
    });
  });

  it("should fail with NOT_FOUND on input.masterPayerAccountId when the account is missing", () => {
    expect(errorOf(planResellerLink({ ...ctx, masterPayerAccount: null }, draft))).toMatchObject({
      code: "NOT_FOUND",
      field: "input.masterPayerAccountId",
      value: "501",
    });
  });

  it("should fail with NOT_FOUND exactly as for a missing account when the master payer is another Parent's", () => {
    const missing = errorOf(
      planResellerLink(
        { ...ctx, masterPayerAccount: null },
        { ...draft, masterPayerAccountId: "601" },
      ),
    );
    const foreign = errorOf(
      planResellerLink(
        { ...ctx, masterPayerAccount: masterPayerB },
        { ...draft, masterPayerAccountId: "601" },
      ),
    );
    expect(foreign).toEqual(missing);
  });

  it("should fail with NOT_FOUND when the master payer account belongs to a Child of the Parent", () => {
    const childPayer = { ...plainChildAccountA, isMasterPayer: true, awsAccountId: PAYER };
    const result = planResellerLink(
      { ...ctx, masterPayerAccount: childPayer },
      { ...draft, masterPayerAccountId: "512" },
    );
    expect(errorOf(result).code).toBe("NOT_FOUND");
  });

  it("should fail with NOT_MASTER_PAYER when the Parent's account is not a master payer", () => {
    const result = planResellerLink(
      { ...ctx, masterPayerAccount: plainAccountA },
      { ...draft, masterPayerAccountId: "502" },
    );
    expect(errorOf(result)).toMatchObject({
      code: "NOT_MASTER_PAYER",
      field: "input.masterPayerAccountId",
      value: "502",
    });
  });

  it("should fail with NOT_FOUND on input.resellerPartnerId when the partner is missing or another Parent's", () => {
    const missing = errorOf(
      planResellerLink({ ...ctx, resellerPartner: null }, { ...draft, resellerPartnerId: "21" }),
    );
    expect(missing).toMatchObject({
      code: "NOT_FOUND",
      field: "input.resellerPartnerId",
      value: "21",
    });
    const foreign = errorOf(
      planResellerLink(
        { ...ctx, resellerPartner: resellerB },
        { ...draft, resellerPartnerId: "21" },
      ),
    );
    expect(foreign).toEqual(missing);
  });

  it("should fail with PARTNER_NOT_RESELLER when the Child is not flagged reseller", () => {
    const result = planResellerLink(
      { ...ctx, resellerPartner: plainChildA },
      { ...draft, resellerPartnerId: "12" },
    );
    expect(errorOf(result)).toMatchObject({
      code: "PARTNER_NOT_RESELLER",
      field: "input.resellerPartnerId",
      value: "12",
    });
  });

  it("should fail with NOT_FOUND on input.resellerAccountId when the reseller account is missing", () => {
    const result = planResellerLink(ctx, { ...draft, resellerAccountId: "999" });
    expect(errorOf(result)).toMatchObject({
      code: "NOT_FOUND",
      field: "input.resellerAccountId",
      value: "999",
    });
  });

  it("should fail with RESELLER_ACCOUNT_NOT_IN_PARTNER when the account is another partner's", () => {
    const result = planResellerLink(
      { ...ctx, resellerAccount: plainChildAccountA },
      { ...draft, resellerAccountId: "512" },
    );
    expect(errorOf(result)).toMatchObject({
      code: "RESELLER_ACCOUNT_NOT_IN_PARTNER",
      field: "input.resellerAccountId",
      value: "512",
    });
  });

  it("should fail with AWS_ACCOUNT_ID_INVALID on input.awsPayerAccountId when the payer is malformed", () => {
    expect(
      errorOf(planResellerLink(ctx, { ...draft, awsPayerAccountId: "11111111111" })),
    ).toMatchObject({
      code: "AWS_ACCOUNT_ID_INVALID",
      field: "input.awsPayerAccountId",
      value: "11111111111",
    });
  });

  it("should fail with PAYER_MISMATCH when the payer is not the master payer's AWS id", () => {
    expect(
      errorOf(planResellerLink(ctx, { ...draft, awsPayerAccountId: "999999999999" })),
    ).toMatchObject({
      code: "PAYER_MISMATCH",
      field: "input.awsPayerAccountId",
      value: "999999999999",
    });
  });

  it("should fail with the payee errors on input.awsPayeeAccountIds when the payees are invalid", () => {
    expect(errorOf(planResellerLink(ctx, { ...draft, awsPayeeAccountIds: [] })).code).toBe(
      "PAYEES_EMPTY",
    );
    expect(
      errorOf(planResellerLink(ctx, { ...draft, awsPayeeAccountIds: [P1, PAYER] })),
    ).toMatchObject({
      code: "PAYEE_EQUALS_PAYER",
      field: `${FIELD}[1]`,
    });
  });

  it("should fail with PAYEE_ALREADY_LINKED when another link under the master payer holds a payee", () => {
    const existingLinks: LinkPayees[] = [
      { linkId: "7", masterPayerAccountId: "501", payeeIds: [P2] },
    ];
    expect(errorOf(planResellerLink({ ...ctx, existingLinks }, draft))).toEqual({
      code: "PAYEE_ALREADY_LINKED",
      message: `Payee ${P2} already belongs to reseller link 7 under this master payer`,
      field: `${FIELD}[1]`,
      value: P2,
      details: { payee: P2, linkId: "7" },
    });
  });

  it("should allow the payee when the link holding it is under another master payer", () => {
    const existingLinks: LinkPayees[] = [
      { linkId: "8", masterPayerAccountId: "601", payeeIds: [P1, P2] },
    ];
    expect(planResellerLink({ ...ctx, existingLinks }, draft).ok).toBe(true);
  });

  it("should check the actor's role before the ids when both are wrong", () => {
    expect(
      errorOf(
        planResellerLink({ ...ctx, actor: operator }, { ...draft, masterPayerAccountId: "x" }),
      ).code,
    ).toBe("ROLE_FORBIDDEN");
  });

  it("should throw when the caller passes an account looked up by another id", () => {
    expect(() => planResellerLink(ctx, { ...draft, masterPayerAccountId: "777" })).toThrow();
  });
});

describe("findPayeeConflict", () => {
  const existing: LinkPayees[] = [
    { linkId: "7", masterPayerAccountId: "501", payeeIds: [P1] },
    { linkId: "8", masterPayerAccountId: "501", payeeIds: [P3] },
    { linkId: "9", masterPayerAccountId: "601", payeeIds: [P2] },
  ];

  it("should return null when no link under the master payer holds the payees", () => {
    expect(findPayeeConflict([P2], "501", existing)).toBeNull();
  });

  it("should name the first held payee, its index and the holding link", () => {
    expect(findPayeeConflict([P2, P3, P1], "501", existing)).toMatchObject({
      code: "PAYEE_ALREADY_LINKED",
      field: `${FIELD}[1]`,
      value: P3,
      details: { payee: P3, linkId: "8" },
    });
  });

  it("should ignore the link being edited when ignoreLinkId is given", () => {
    expect(findPayeeConflict([P1], "501", existing, "7")).toBeNull();
    expect(findPayeeConflict([P1, P3], "501", existing, "7")?.details).toEqual({
      payee: P3,
      linkId: "8",
    });
  });
});

describe("planLinkUpdate", () => {
  const link = {
    id: "7",
    masterPayerAccountId: "501",
    awsPayerAccountId: PAYER,
    resellerPartnerId: "11",
  };
  const ctx = { actor: sysAdminA, link, parentIdOfLink: "1", existingLinks: [] as LinkPayees[] };
  const now = new Date("2026-03-31T23:59:59Z");

  it("should apply from the current month when the history is kept", () => {
    expect(
      valueOf(planLinkUpdate(ctx, { awsPayeeAccountIds: [P1], history: "KEEP_HISTORY" }, now)),
    ).toEqual({
      awsPayeeAccountIds: [P1],
      history: "KEEP_HISTORY",
      effectiveFromMonth: "2026-03",
    });
  });

  it("should apply to every month when the history is reset", () => {
    const plan = valueOf(
      planLinkUpdate(ctx, { awsPayeeAccountIds: [P1], history: "RESET_ALL_HISTORY" }, now),
    );
    expect(plan.effectiveFromMonth).toBeNull();
  });

  it("should fail with ROLE_FORBIDDEN when the actor is not a Partner Sys Admin", () => {
    const result = planLinkUpdate(
      { ...ctx, actor: adminOfParentA },
      { awsPayeeAccountIds: [P1], history: "KEEP_HISTORY" },
      now,
    );
    expect(errorOf(result).code).toBe("ROLE_FORBIDDEN");
  });

  it("should fail with NOT_FOUND when the actor is the Partner Sys Admin of another Parent", () => {
    const result = planLinkUpdate(
      { ...ctx, actor: sysAdminB },
      { awsPayeeAccountIds: [P1], history: "KEEP_HISTORY" },
      now,
    );
    expect(errorOf(result)).toMatchObject({ code: "NOT_FOUND", value: "7" });
  });

  it("should fail with the payee errors when the new payees are invalid", () => {
    const result = planLinkUpdate(
      ctx,
      { awsPayeeAccountIds: [P1, P1], history: "KEEP_HISTORY" },
      now,
    );
    expect(errorOf(result)).toMatchObject({
      code: "PAYEE_DUPLICATE",
      field: `${FIELD}[1]`,
      value: P1,
    });
    const payer = planLinkUpdate(
      ctx,
      { awsPayeeAccountIds: [PAYER], history: "KEEP_HISTORY" },
      now,
    );
    expect(errorOf(payer).code).toBe("PAYEE_EQUALS_PAYER");
  });

  it("should keep the link's own payees and reject another link's when checking conflicts", () => {
    const existingLinks: LinkPayees[] = [
      { linkId: "7", masterPayerAccountId: "501", payeeIds: [P1] },
      { linkId: "8", masterPayerAccountId: "501", payeeIds: [P2] },
    ];
    const draft = { awsPayeeAccountIds: [P1, P3], history: "KEEP_HISTORY" as const };
    expect(planLinkUpdate({ ...ctx, existingLinks }, draft, now).ok).toBe(true);
    const taken = planLinkUpdate(
      { ...ctx, existingLinks },
      { ...draft, awsPayeeAccountIds: [P1, P2] },
      now,
    );
    expect(errorOf(taken)).toMatchObject({
      code: "PAYEE_ALREADY_LINKED",
      details: { payee: P2, linkId: "8" },
    });
  });
});

describe("billingMonthOf", () => {
  it("should use the UTC month when local time is already in the next month", () => {
    expect(billingMonthOf(new Date("2026-01-31T23:30:00-05:00"))).toBe("2026-02");
    expect(billingMonthOf(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12");
    expect(billingMonthOf(new Date("2027-01-01T00:00:00Z"))).toBe("2027-01");
  });

  it("should throw when the date is invalid", () => {
    expect(() => billingMonthOf(new Date("nope"))).toThrow();
  });
});

describe("historyEffectiveFrom", () => {
  const now = new Date("2026-07-15T12:00:00Z");

  it("should be null when the history is reset", () => {
    expect(historyEffectiveFrom("RESET_ALL_HISTORY", now)).toBeNull();
  });

  it("should be the current billing month when the history is kept", () => {
    expect(historyEffectiveFrom("KEEP_HISTORY", now)).toBe("2026-07");
  });
});

describe("payeesForMonth", () => {
  const at = new Date("2026-01-01T00:00:00Z");
  const v = (effectiveFromMonth: string | null, payeeIds: string[]): LinkVersion => ({
    effectiveFromMonth,
    payeeIds,
    recordedAt: at,
  });

  it("should return no payees when there are no versions", () => {
    expect(payeesForMonth([], "2026-01")).toEqual([]);
  });

  it("should return no payees for months before the only kept version", () => {
    expect(payeesForMonth([v("2026-03", [P1])], "2026-02")).toEqual([]);
    expect(payeesForMonth([v("2026-03", [P1])], "2026-03")).toEqual([P1]);
  });

  it("should keep closed months when a KEEP version follows a RESET version", () => {
    const versions = [v(null, [P1]), v("2026-03", [P2])];
    expect(payeesForMonth(versions, "2026-02")).toEqual([P1]);
    expect(payeesForMonth(versions, "2026-03")).toEqual([P2]);
    expect(payeesForMonth(versions, "2030-12")).toEqual([P2]);
  });

  it("should rewrite every month when a RESET version follows KEEP versions", () => {
    const versions = [v(null, [P1]), v("2026-03", [P2]), v(null, [P3])];
    expect(payeesForMonth(versions, "2020-01")).toEqual([P3]);
    expect(payeesForMonth(versions, "2026-04")).toEqual([P3]);
  });

  it("should let a later KEEP version with an earlier month win when recorded last", () => {
    const versions = [v("2026-05", [P1]), v("2026-02", [P2])];
    expect(payeesForMonth(versions, "2026-06")).toEqual([P2]);
  });

  it("should throw when the month is not YYYY-MM", () => {
    expect(() => payeesForMonth([], "2026-1")).toThrow();
    expect(() => payeesForMonth([v("2026-13", [P1])], "2026-01")).toThrow();
  });
});
