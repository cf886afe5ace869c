import { flushPromises } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { session } from "../../auth/session";
import { type Reply, named } from "../../testing/canned-client";
import { cleanUp, mountWithApi } from "../../testing/mount-with-api";
import ChangePasswordPage from "./ChangePasswordPage.vue";
import ForgotPasswordPage from "./ForgotPasswordPage.vue";
import ResetPasswordPage from "./ResetPasswordPage.vue";

afterEach(cleanUp);

const ROUTES = {
  home: "/",
  "sign-in": "/sign-in",
  "forgot-password": "/forgot-password",
  "reset-password": "/reset-password",
  "change-password": "/account/password",
};

describe("ChangePasswordPage", () => {
  it("should place a wrong current password at its field by code and send the new one only when confirmed", async () => {
    const { wrapper, sent } = await mountWithApi(ChangePasswordPage, {
      routes: ROUTES,
      at: "/account/password",
      replies: {
        ChangePassword: (): Reply => ({
          errors: [
            {
              message: "wrong",
              extensions: {
                code: "BAD_USER_INPUT",
                field: "currentPassword",
                reason: "PASSWORD_WRONG",
              },
            },
          ],
        }),
      },
    });
    await wrapper.get('input[name="currentPassword"]').setValue("not-it");
    await wrapper.get('input[name="newPassword"]').setValue("a-new-long-password");
    await wrapper.get('input[name="confirmation"]').setValue("a-new-long-passwort");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get('input[name="confirmation"]').attributes("aria-invalid")).toBe("true");
    expect(named(sent, "ChangePassword")).toEqual([]);

    await wrapper.get('input[name="confirmation"]').setValue("a-new-long-password");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    const current = wrapper.get('input[name="currentPassword"]');
    expect(current.attributes("aria-invalid")).toBe("true");
    expect(wrapper.get(".field-error").text()).toBe("This is not your current password.");
    expect(document.activeElement).toBe(current.element);
    expect(named(sent, "ChangePassword")[0]?.variables).toEqual({
      currentPassword: "not-it",
      newPassword: "a-new-long-password",
    });
  });
});

describe("ForgotPasswordPage", () => {
  it("should show the product name and answer the same words whatever the email", async () => {
    const { wrapper, sent } = await mountWithApi(ForgotPasswordPage, {
      routes: ROUTES,
      at: "/forgot-password",
      replies: { RequestPasswordReset: () => ({ data: { requestPasswordReset: true } }) },
    });
    expect(wrapper.get(".product").text()).toBe("Reseller Console");
    await wrapper.get('input[name="email"]').setValue(" who@heron.test ");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "RequestPasswordReset")[0]?.variables).toEqual({ email: "who@heron.test" });
    expect(wrapper.get('[role="status"]').text()).toContain(
      "If an active account uses who@heron.test, a reset link is on its way.",
    );
  });

  it("should say when too many requests were made", async () => {
    const { wrapper } = await mountWithApi(ForgotPasswordPage, {
      routes: ROUTES,
      at: "/forgot-password",
      replies: {
        RequestPasswordReset: () => ({
          errors: [
            { message: "slow down", extensions: { code: "RATE_LIMITED", retryAfterSeconds: 60 } },
          ],
        }),
      },
    });
    await wrapper.get('input[name="email"]').setValue("who@heron.test");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain("Too many attempts");
  });
});

describe("ResetPasswordPage", () => {
  it("should sign in with the new password, or say the link is dead by its code", async () => {
    let answer: Reply = {
      errors: [
        {
          message: "dead",
          extensions: { code: "BAD_USER_INPUT", field: "token", reason: "RESET_TOKEN_INVALID" },
        },
      ],
    };
    const { wrapper, router, sent } = await mountWithApi(ResetPasswordPage, {
      routes: ROUTES,
      at: { name: "reset-password", query: { token: `rcr_${"r".repeat(43)}` } },
      replies: { ResetPassword: () => answer },
    });
    await wrapper.get('input[name="password"]').setValue("a-new-long-password");
    await wrapper.get('input[name="confirmation"]').setValue("a-new-long-password");
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe(
      "This reset link is invalid, used or expired. Ask for a new one.",
    );
    answer = {
      data: { resetPassword: { token: "new-session", expiresAt: "2026-12-04T00:00:00Z" } },
    };
    await wrapper.get("form").trigger("submit");
    await flushPromises();
    expect(named(sent, "ResetPassword")[1]?.variables).toEqual({
      token: `rcr_${"r".repeat(43)}`,
      password: "a-new-long-password",
    });
    expect(session.token).toBe("new-session");
    expect(router.currentRoute.value.name).toBe("home");
  });
});
