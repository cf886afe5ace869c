import { type DOMWrapper, type VueWrapper, flushPromises } from "@vue/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearSession, setToken, setViewer } from "../../auth/session";
import { type Answer, type Reply } from "../../testing/canned-client";
import { cleanUp, mountWithApi, signInAs } from "../../testing/mount-with-api";
import AddPartnerPage from "./AddPartnerPage.vue";

function created(initialUser: { email: string; status: string } | null = null): Reply {
  return {
    data: {
      createPartner: {
        partner: { id: "42", name: "Acme Child" },
        initialUser: initialUser && { id: "9", ...initialUser },
      },
    },
  };
}

function refused(code: string, field: string | null, reason?: string): Reply {
  return {
    errors: [{ message: "refused", extensions: { code, field, reason, value: "ops@acme.test" } }],
  };
}

function mountPage(reply: Answer) {
  return mountWithApi(AddPartnerPage, {
    routes: { partners: "/partners", "add-partner": "/partners/new" },
    at: { name: "add-partner" },
    replies: reply,
  });
}

function section(wrapper: VueWrapper, legend: string): DOMWrapper<HTMLFieldSetElement> {
  const found = wrapper
    .findAll("fieldset")
    .find((fieldset) => fieldset.find("legend").text() === legend);
  if (!found) throw new Error(`no section "${legend}"`);
  return found;
}

/** The `.field` whose label reads exactly `label`, inside the section with that legend. */
function fieldBox(wrapper: VueWrapper, legend: string, label: string) {
  return section(wrapper, legend)
    .findAll(".field")
    .find((box) => box.find("label").text() === label);
}

function input(wrapper: VueWrapper, legend: string, label: string): DOMWrapper<HTMLInputElement> {
  const box = fieldBox(wrapper, legend, label);
  if (!box) throw new Error(`no field "${label}" in "${legend}"`);
  const id = box.find("label").attributes("for");
  return box.find<HTMLInputElement>(`input[id="${id}"]`);
}

function checkBox(wrapper: VueWrapper, legend: string, label: string) {
  const found = section(wrapper, legend)
    .findAll("label.check")
    .find((element) => element.text() === label);
  if (!found) throw new Error(`no check box "${label}"`);
  return found.find<HTMLInputElement>("input[type=checkbox]");
}

/** The error announced for a field, checked to be tied to its input for screen readers. */
function errorOf(wrapper: VueWrapper, legend: string, label: string): string | null {
  const error = fieldBox(wrapper, legend, label)?.find(".field-error");
  if (!error?.exists()) return null;
  expect(error.attributes("role")).toBe("alert");
  expect(input(wrapper, legend, label).attributes("aria-describedby")).toContain(
    error.attributes("id"),
  );
  return error.text();
}

async function fillPartner(wrapper: VueWrapper) {
  await input(wrapper, "Partner Information", "Name").setValue("Acme Child");
  await input(wrapper, "Partner Information", "Partner Email").setValue("child@acme.test");
}

async function fillInitialUser(wrapper: VueWrapper, password = "") {
  await checkBox(wrapper, "Initial User", "Add an initial user to the partner").setValue(true);
  await input(wrapper, "Initial User", "Email").setValue("ops@acme.test");
  await input(wrapper, "Initial User", "Name").setValue("Ops Team");
  await input(wrapper, "Initial User", "Password").setValue(password);
}

function button(wrapper: VueWrapper, name: string) {
  const found = wrapper.findAll("button").find((element) => element.text() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

async function create(wrapper: VueWrapper) {
  await wrapper.find("form").trigger("submit");
  await flushPromises();
}

beforeEach(() =>
  signInAs(
    { id: "1", email: "psa@parent.test", name: "Parent Admin", role: "PARTNER_SYS_ADMIN" },
    { id: "7", name: "Parent", level: "PARENT" },
  ),
);

afterEach(cleanUp);

describe("AddPartnerPage sections", () => {
  it("should show the three sections of the help page and a Create button when opened", async () => {
    const { wrapper } = await mountPage(() => created());
    const legends = wrapper.findAll("fieldset.panel > legend").map((legend) => legend.text());
    expect(legends).toEqual(["Partner Information", "Initial User", "Resellers"]);
    expect(input(wrapper, "Partner Information", "Name").attributes("required")).toBeDefined();
    expect(input(wrapper, "Partner Information", "Partner Email").attributes("type")).toBe("email");
    expect(button(wrapper, "Create").attributes("type")).toBe("submit");
  });

  it("should show the initial user's Email, Name and Password only when its check box is checked", async () => {
    const { wrapper } = await mountPage(() => created());
    expect(fieldBox(wrapper, "Initial User", "Email")).toBeUndefined();
    expect(fieldBox(wrapper, "Initial User", "Password")).toBeUndefined();

    const box = checkBox(wrapper, "Initial User", "Add an initial user to the partner");
    await box.setValue(true);
    expect(input(wrapper, "Initial User", "Email").exists()).toBe(true);
    expect(input(wrapper, "Initial User", "Name").exists()).toBe(true);
    const password = input(wrapper, "Initial User", "Password");
    expect(password.attributes("type")).toBe("password");
    const helpId = password.attributes("aria-describedby")!;
    expect(wrapper.find(`[id="${helpId}"]`).text()).toMatch(/blank.*activate the account by email/);

    await box.setValue(false);
    expect(fieldBox(wrapper, "Initial User", "Email")).toBeUndefined();
  });

  it("should give the partner's Name and the initial user's Name distinct ids", async () => {
    const { wrapper } = await mountPage(() => created());
    await checkBox(wrapper, "Initial User", "Add an initial user to the partner").setValue(true);
    const partnerName = input(wrapper, "Partner Information", "Name").attributes("id");
    const userName = input(wrapper, "Initial User", "Name").attributes("id");
    expect(partnerName).toBeTruthy();
    expect(userName).toBeTruthy();
    expect(partnerName).not.toBe(userName);
  });

  it("should show the Parent partner ID prefilled with the caller's Parent only when the reseller box is checked", async () => {
    const { wrapper } = await mountPage(() => created());
    expect(fieldBox(wrapper, "Resellers", "Parent partner ID")).toBeUndefined();

    await checkBox(wrapper, "Resellers", "This partner is a reseller").setValue(true);
    expect(input(wrapper, "Resellers", "Parent partner ID").element.value).toBe("7");

    await checkBox(wrapper, "Resellers", "This partner is a reseller").setValue(false);
    expect(fieldBox(wrapper, "Resellers", "Parent partner ID")).toBeUndefined();
  });

  it("should prefill the Parent partner ID when the signed-in partner loads after the page", async () => {
    clearSession();
    setToken("test-token");
    const { wrapper } = await mountPage(() => created());
    setViewer(
      { id: "1", email: "psa@parent.test", name: null, role: "PARTNER_SYS_ADMIN" },
      { id: "8", name: "Parent", level: "PARENT" },
    );
    await checkBox(wrapper, "Resellers", "This partner is a reseller").setValue(true);
    expect(input(wrapper, "Resellers", "Parent partner ID").element.value).toBe("8");
  });
});

describe("AddPartnerPage input", () => {
  it("should send null initial user and reseller when their boxes are unchecked", async () => {
    const { wrapper, sent } = await mountPage(() => created());
    await fillPartner(wrapper);
    await fillInitialUser(wrapper, "typed then hidden");
    await checkBox(wrapper, "Initial User", "Add an initial user to the partner").setValue(false);
    await create(wrapper);

    expect(sent).toHaveLength(1);
    expect(sent[0]!.kind).toBe("mutation");
    expect(sent[0]!.variables).toEqual({
      input: { name: "Acme Child", email: "child@acme.test", initialUser: null, reseller: null },
    });
  });

  it("should send the initial user with a null password and the parent id when the help page's steps are followed", async () => {
    const { wrapper, sent } = await mountPage(() => created());
    await fillPartner(wrapper);
    await fillInitialUser(wrapper);
    await checkBox(wrapper, "Resellers", "This partner is a reseller").setValue(true);
    await create(wrapper);

    expect(sent[0]!.variables).toEqual({
      input: {
        name: "Acme Child",
        email: "child@acme.test",
        initialUser: { email: "ops@acme.test", name: "Ops Team", password: null },
        reseller: { parentPartnerId: "7" },
      },
    });
  });

  it("should not send a second request when Create is used again while the first is in flight", async () => {
    let answer: (reply: Reply) => void = () => undefined;
    const { wrapper, sent } = await mountPage(
      () => new Promise<Reply>((resolve) => (answer = resolve)),
    );
    await fillPartner(wrapper);
    await wrapper.find("form").trigger("submit");
    expect(button(wrapper, "Create").attributes("disabled")).toBeDefined();
    await wrapper.find("form").trigger("submit");
    expect(sent).toHaveLength(1);

    answer(created());
    await flushPromises();
    expect(button(wrapper, "Create").attributes("disabled")).toBeUndefined();
  });
});

describe("AddPartnerPage errors", () => {
  it("should show a BAD_USER_INPUT for input.initialUser.password under the Password field", async () => {
    const { wrapper } = await mountPage(() =>
      refused("BAD_USER_INPUT", "input.initialUser.password", "PASSWORD_POLICY"),
    );
    await fillPartner(wrapper);
    await fillInitialUser(wrapper, "short");
    await create(wrapper);

    expect(errorOf(wrapper, "Initial User", "Password")).toBe("Use 12 to 128 characters.");
    expect(errorOf(wrapper, "Initial User", "Email")).toBeNull();
    expect(wrapper.find(".notice--error").exists()).toBe(false);
    expect(document.activeElement).toBe(input(wrapper, "Initial User", "Password").element);
  });

  it("should show an error for input.email under Partner Email", async () => {
    const { wrapper } = await mountPage(() =>
      refused("BAD_USER_INPUT", "input.email", "EMAIL_INVALID"),
    );
    await fillPartner(wrapper);
    await create(wrapper);

    expect(errorOf(wrapper, "Partner Information", "Partner Email")).toBe(
      '"ops@acme.test" is not a valid email address.',
    );
    expect(errorOf(wrapper, "Partner Information", "Name")).toBeNull();
  });

  it("should show a CONFLICT EMAIL_TAKEN on input.initialUser.email in words under the initial user's Email", async () => {
    const { wrapper } = await mountPage(() =>
      refused("CONFLICT", "input.initialUser.email", "EMAIL_TAKEN"),
    );
    await fillPartner(wrapper);
    await fillInitialUser(wrapper);
    await create(wrapper);

    expect(errorOf(wrapper, "Initial User", "Email")).toBe(
      'A user with the email "ops@acme.test" already exists.',
    );
    expect(errorOf(wrapper, "Partner Information", "Partner Email")).toBeNull();
  });

  it("should show an error without a field on the form as a page message", async () => {
    const { wrapper } = await mountPage(() => refused("FORBIDDEN", null));
    await fillPartner(wrapper);
    await create(wrapper);

    const notice = wrapper.find(".notice--error");
    expect(notice.attributes("role")).toBe("alert");
    expect(notice.text()).toBe("You do not have permission to do this.");
    expect(wrapper.findAll(".field-error")).toHaveLength(0);
  });

  it("should clear the previous errors when Create is used again", async () => {
    const replies = [refused("BAD_USER_INPUT", "input.email", "EMAIL_INVALID"), created()];
    const { wrapper } = await mountPage(() => replies.shift()!);
    await fillPartner(wrapper);
    await create(wrapper);
    expect(errorOf(wrapper, "Partner Information", "Partner Email")).not.toBeNull();

    await create(wrapper);
    expect(errorOf(wrapper, "Partner Information", "Partner Email")).toBeNull();
  });
});

describe("AddPartnerPage success", () => {
  it("should say the partner was created with its id and the activation email when the password was blank", async () => {
    const { wrapper, router } = await mountPage(() =>
      created({ email: "ops@acme.test", status: "PENDING_ACTIVATION" }),
    );
    await fillPartner(wrapper);
    await fillInitialUser(wrapper);
    await create(wrapper);

    const dialog = wrapper.find<HTMLDialogElement>("dialog");
    expect(dialog.element.open).toBe(true);
    expect(dialog.text()).toContain("Partner Acme Child created (ID 42)");
    expect(dialog.text()).toContain("An activation email was sent to ops@acme.test.");
    const description = wrapper.find(`[id="${dialog.attributes("aria-describedby")}"]`);
    expect(description.text()).toContain("Partner Acme Child created (ID 42)");
    const ok = button(wrapper, "OK");
    expect(document.activeElement).toBe(ok.element);

    await ok.trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.name).toBe("partners");
  });

  it("should not mention an activation email when the initial user was given a password", async () => {
    const { wrapper } = await mountPage(() =>
      created({ email: "ops@acme.test", status: "ACTIVE" }),
    );
    await fillPartner(wrapper);
    await fillInitialUser(wrapper, "correct horse battery");
    await create(wrapper);

    const dialog = wrapper.find("dialog");
    expect(dialog.text()).toContain("Partner Acme Child created (ID 42)");
    expect(dialog.text()).not.toContain("activation");
  });

  it("should go to the Partners page when the message is closed with Escape", async () => {
    const { wrapper, router } = await mountPage(() => created());
    await fillPartner(wrapper);
    await create(wrapper);

    await wrapper.find("dialog").trigger("cancel");
    await flushPromises();
    expect(router.currentRoute.value.name).toBe("partners");
  });
});
