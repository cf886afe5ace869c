import { describe, expect, it } from "vitest";
import {
  planAccount,
  planChildPartner,
  planParentPartner,
  planUser,
  type CreateChildPartnerDraft,
} from "./partners.js";
import {
  actor,
  adminOfParentA,
  adminOfResellerA,
  errorOf,
  operator,
  parentA,
  plainChildA,
  resellerA,
  resellerB,
  sysAdminA,
  userOfResellerA,
  valueOf,
} from "./testing/fixtures.js";

const PASSWORD = "correct horse battery";

describe("planChildPartner", () => {
  const draft: CreateChildPartnerDraft = { name: " Acme Cloud ", email: "Ops@Acme.example" };

  it("should plan a plain Child of the actor's Parent when the draft has no reseller section", () => {
    expect(valueOf(planChildPartner(sysAdminA, draft))).toEqual({
      name: "Acme Cloud",
      email: "ops@acme.example",
      level: "CHILD",
      parentId: "1",
      isReseller: false,
      initialUser: null,
    });
  });

  it("should flag the Child as a reseller when the reseller section names the actor's Parent", () => {
    const plan = valueOf(
      planChildPartner(sysAdminA, { ...draft, reseller: { parentPartnerId: "1" } }),
    );
    expect(plan).toMatchObject({ isReseller: true, parentId: "1" });
  });

  it.each([
    ["an operator", operator],
    ["an administrator", adminOfParentA],
    ["a user", userOfResellerA],
    ["a sys admin of a Child", actor("PARTNER_SYS_ADMIN", resellerA)],
  ])("should fail with ROLE_FORBIDDEN when the actor is %s", (_label, who) => {
    expect(errorOf(planChildPartner(who, draft)).code).toBe("ROLE_FORBIDDEN");
  });

  it("should fail with VALUE_REQUIRED on input.name when the name is blank", () => {
    expect(errorOf(planChildPartner(sysAdminA, { ...draft, name: "  " }))).toMatchObject({
      code: "VALUE_REQUIRED",
      field: "input.name",
    });
  });

  it("should fail with VALUE_TOO_LONG on input.name when the name exceeds 200 characters", () => {
    expect(errorOf(planChildPartner(sysAdminA, { ...draft, name: "n".repeat(201) }))).toMatchObject(
      {
        code: "VALUE_TOO_LONG",
        field: "input.name",
        value: "n".repeat(64),
      },
    );
  });

  it("should fail with EMAIL_INVALID on input.email when the email is malformed", () => {
    expect(errorOf(planChildPartner(sysAdminA, { ...draft, email: "ops" }))).toMatchObject({
      code: "EMAIL_INVALID",
      field: "input.email",
      value: "ops",
    });
  });

  it("should fail with ID_INVALID when the reseller Parent id is not an id", () => {
    const result = planChildPartner(sysAdminA, { ...draft, reseller: { parentPartnerId: "abc" } });
    expect(errorOf(result)).toMatchObject({
      code: "ID_INVALID",
      field: "input.reseller.parentPartnerId",
      value: "abc",
    });
  });

  it("should fail with RESELLER_PARENT_MISMATCH when the reseller Parent is not the actor's", () => {
    const result = planChildPartner(sysAdminA, { ...draft, reseller: { parentPartnerId: "2" } });
    expect(errorOf(result)).toMatchObject({
      code: "RESELLER_PARENT_MISMATCH",
      field: "input.reseller.parentPartnerId",
      value: "2",
    });
  });

  it("should make the initial user a pending ADMINISTRATOR when no password is given", () => {
    const plan = valueOf(
      planChildPartner(sysAdminA, {
        ...draft,
        initialUser: { email: "Jane@Acme.example", name: "  ", password: "   " },
      }),
    );
    expect(plan.initialUser).toEqual({
      email: "jane@acme.example",
      name: null,
      password: null,
      status: "PENDING_ACTIVATION",
      role: "ADMINISTRATOR",
    });
  });

  it("should make the initial user ACTIVE when a valid password is given", () => {
    const plan = valueOf(
      planChildPartner(sysAdminA, {
        ...draft,
        initialUser: { email: "jane@acme.example", name: " Jane ", password: PASSWORD },
      }),
    );
    expect(plan.initialUser).toMatchObject({ name: "Jane", password: PASSWORD, status: "ACTIVE" });
  });

  it("should fail with EMAIL_INVALID on input.initialUser.email when the user's email is malformed", () => {
    const result = planChildPartner(sysAdminA, { ...draft, initialUser: { email: "jane@" } });
    expect(errorOf(result)).toMatchObject({
      code: "EMAIL_INVALID",
      field: "input.initialUser.email",
      value: "jane@",
    });
  });

  it("should fail with VALUE_TOO_LONG on input.initialUser.name when the user's name is too long", () => {
    const result = planChildPartner(sysAdminA, {
      ...draft,
      initialUser: { email: "jane@acme.example", name: "j".repeat(201) },
    });
    expect(errorOf(result)).toMatchObject({
      code: "VALUE_TOO_LONG",
      field: "input.initialUser.name",
    });
  });

  it("should fail with PASSWORD_POLICY without echoing the password when it is too short", () => {
    const result = planChildPartner(sysAdminA, {
      ...draft,
      initialUser: { email: "jane@acme.example", password: "short" },
    });
    const error = errorOf(result);
    expect(error).toMatchObject({ code: "PASSWORD_POLICY", field: "input.initialUser.password" });
    expect(error).not.toHaveProperty("value");
  });
});

describe("planParentPartner", () => {
  const draft = {
    name: "Big Distributor",
    email: "billing@big.example",
    sysAdmin: { email: "Root@Big.example", password: PASSWORD },
  };

  it("should plan a Parent with an active PARTNER_SYS_ADMIN when an operator asks", () => {
    expect(valueOf(planParentPartner(operator, draft))).toEqual({
      name: "Big Distributor",
      email: "billing@big.example",
      level: "PARENT",
      sysAdmin: {
        email: "root@big.example",
        name: null,
        password: PASSWORD,
        status: "ACTIVE",
        role: "PARTNER_SYS_ADMIN",
      },
    });
  });

  it("should fail with ROLE_FORBIDDEN when the actor is not an operator", () => {
    expect(errorOf(planParentPartner(sysAdminA, draft)).code).toBe("ROLE_FORBIDDEN");
  });

  it.each([
    [{ ...draft, name: "" }, "VALUE_REQUIRED", "input.name"],
    [{ ...draft, email: "x" }, "EMAIL_INVALID", "input.email"],
    [{ ...draft, sysAdmin: { email: "x" } }, "EMAIL_INVALID", "input.sysAdmin.email"],
    [
      { ...draft, sysAdmin: { email: "a@b.example", name: "a\u0000" } },
      "VALUE_INVALID",
      "input.sysAdmin.name",
    ],
    [
      { ...draft, sysAdmin: { email: "a@b.example", password: "x" } },
      "PASSWORD_POLICY",
      "input.sysAdmin.password",
    ],
  ])("should fail on the right field when the draft is invalid (%#)", (bad, code, field) => {
    expect(errorOf(planParentPartner(operator, bad))).toMatchObject({ code, field });
  });
});

describe("planUser", () => {
  it("should plan a pending user with the granted role when no password is given", () => {
    const plan = valueOf(
      planUser(adminOfResellerA, resellerA, { email: "Bob@Acme.example", role: "USER" }),
    );
    expect(plan).toEqual({
      email: "bob@acme.example",
      name: null,
      password: null,
      status: "PENDING_ACTIVATION",
      role: "USER",
    });
  });

  it("should fail with NOT_FOUND before looking at the fields when the partner is invisible", () => {
    expect(errorOf(planUser(sysAdminA, resellerB, { email: "bad", role: "USER" })).code).toBe(
      "NOT_FOUND",
    );
  });

  it("should fail with ROLE_GRANT_FORBIDDEN on input.role when the role is above the actor's", () => {
    const result = planUser(adminOfParentA, parentA, {
      email: "a@b.example",
      role: "PARTNER_SYS_ADMIN",
    });
    expect(errorOf(result)).toMatchObject({
      code: "ROLE_GRANT_FORBIDDEN",
      field: "input.role",
      value: "PARTNER_SYS_ADMIN",
    });
  });

  it.each([
    [{ email: "nope", role: "USER" as const }, "EMAIL_INVALID", "input.email"],
    [
      { email: "a@b.example", name: "x".repeat(201), role: "USER" as const },
      "VALUE_TOO_LONG",
      "input.name",
    ],
    [
      { email: "a@b.example", password: "tiny", role: "USER" as const },
      "PASSWORD_POLICY",
      "input.password",
    ],
  ])("should fail on the right field when the draft is invalid (%#)", (bad, code, field) => {
    expect(errorOf(planUser(sysAdminA, plainChildA, bad))).toMatchObject({ code, field });
  });
});

describe("planAccount", () => {
  it("should plan an account without an AWS id when the id is blank", () => {
    expect(
      valueOf(planAccount(adminOfResellerA, resellerA, { name: "Prod", awsAccountId: "  " })),
    ).toEqual({ name: "Prod", awsAccountId: null, isMasterPayer: false });
  });

  it("should plan a master payer when a Parent's account names its AWS id", () => {
    const plan = valueOf(
      planAccount(sysAdminA, parentA, {
        name: "Payer",
        awsAccountId: "012345678901",
        isMasterPayer: true,
      }),
    );
    expect(plan).toEqual({ name: "Payer", awsAccountId: "012345678901", isMasterPayer: true });
  });

  it("should fail with NOT_FOUND when the partner is invisible to the actor", () => {
    expect(errorOf(planAccount(sysAdminA, resellerB, { name: "x" })).code).toBe("NOT_FOUND");
  });

  it("should fail with ROLE_FORBIDDEN when the actor sees but may not administer the partner", () => {
    expect(errorOf(planAccount(userOfResellerA, resellerA, { name: "x" })).code).toBe(
      "ROLE_FORBIDDEN",
    );
  });

  it("should fail with VALUE_REQUIRED on input.name when the name is blank", () => {
    expect(errorOf(planAccount(sysAdminA, resellerA, { name: "" }))).toMatchObject({
      code: "VALUE_REQUIRED",
      field: "input.name",
    });
  });

  it("should fail with AWS_ACCOUNT_ID_INVALID on input.awsAccountId when the id is not 12 digits", () => {
    expect(
      errorOf(planAccount(sysAdminA, resellerA, { name: "x", awsAccountId: " 123456789012" })),
    ).toMatchObject({
      code: "AWS_ACCOUNT_ID_INVALID",
      field: "input.awsAccountId",
      value: " 123456789012",
    });
  });

  it("should fail with MASTER_PAYER_REQUIRES_PARENT when a Child's account is flagged master payer", () => {
    const result = planAccount(sysAdminA, resellerA, {
      name: "x",
      awsAccountId: "123456789012",
      isMasterPayer: true,
    });
    expect(errorOf(result)).toMatchObject({
      code: "MASTER_PAYER_REQUIRES_PARENT",
      field: "input.isMasterPayer",
      value: true,
    });
  });

  it("should fail with MASTER_PAYER_REQUIRES_AWS_ID when a master payer has no AWS id", () => {
    const result = planAccount(operator, parentA, {
      name: "x",
      awsAccountId: null,
      isMasterPayer: true,
    });
    expect(errorOf(result)).toMatchObject({
      code: "MASTER_PAYER_REQUIRES_AWS_ID",
      field: "input.awsAccountId",
    });
  });
});
