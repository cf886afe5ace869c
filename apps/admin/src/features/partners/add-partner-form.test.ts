import { describe, expect, it } from "vitest";
import {
  type AddPartnerForm,
  createAddPartnerForm,
  fieldOfError,
  toCreatePartnerInput,
} from "./add-partner-form";

function filled(overrides: Partial<AddPartnerForm> = {}): AddPartnerForm {
  return {
    ...createAddPartnerForm("7"),
    name: "Acme Child",
    email: "child@acme.test",
    initialUser: { email: "ops@acme.test", name: "Ops", password: "correct horse battery" },
    ...overrides,
  };
}

describe("toCreatePartnerInput", () => {
  it("should send null sections when both check boxes are off, even with values typed in them", () => {
    expect(toCreatePartnerInput(filled())).toEqual({
      name: "Acme Child",
      email: "child@acme.test",
      initialUser: null,
      reseller: null,
    });
  });

  it("should send the initial user and the parent id when both check boxes are on", () => {
    const input = toCreatePartnerInput(filled({ addInitialUser: true, isReseller: true }));
    expect(input.initialUser).toEqual({
      email: "ops@acme.test",
      name: "Ops",
      password: "correct horse battery",
    });
    expect(input.reseller).toEqual({ parentPartnerId: "7" });
  });

  it("should send a null password and name when they are left blank", () => {
    const input = toCreatePartnerInput(
      filled({
        addInitialUser: true,
        initialUser: { email: "ops@acme.test", name: "  ", password: "" },
      }),
    );
    expect(input.initialUser).toEqual({ email: "ops@acme.test", name: null, password: null });
  });

  it("should trim the parent partner id when it was pasted with spaces", () => {
    const input = toCreatePartnerInput(filled({ isReseller: true, parentPartnerId: " 42\n" }));
    expect(input.reseller).toEqual({ parentPartnerId: "42" });
  });
});

describe("fieldOfError", () => {
  const open = filled({ addInitialUser: true, isReseller: true });

  it.each([
    ["input.name", "name"],
    ["input.email", "email"],
    ["input.initialUser.email", "initialUser.email"],
    ["input.initialUser.password", "initialUser.password"],
    ["input.reseller.parentPartnerId", "reseller.parentPartnerId"],
  ] as const)("should place %s at the %s field when it is shown", (apiField, field) => {
    expect(fieldOfError(apiField, open)).toBe(field);
  });

  it("should return null when the field's section is hidden", () => {
    expect(fieldOfError("input.initialUser.email", filled())).toBeNull();
    expect(fieldOfError("input.reseller.parentPartnerId", filled())).toBeNull();
  });

  it("should return null when the error names no field of the form", () => {
    expect(fieldOfError(null, open)).toBeNull();
    expect(fieldOfError("input.initialUser", open)).toBeNull();
    expect(fieldOfError("first", open)).toBeNull();
    expect(fieldOfError("name", open)).toBeNull();
  });
});
