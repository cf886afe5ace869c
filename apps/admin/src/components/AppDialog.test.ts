import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { defineComponent, h, nextTick } from "vue";
import AppDialog from "./AppDialog.vue";

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((unmount) => unmount()));

describe("AppDialog", () => {
  it("should keep Tab and Shift+Tab inside the dialog, wrapping at both ends", async () => {
    const Host = defineComponent({
      render: () =>
        h(AppDialog, { open: false, title: "Trap" }, () => [
          h("input", { name: "first" }),
          h("button", { type: "button" }, "Last"),
        ]),
    });
    const wrapper = mount(Host, { attachTo: document.body });
    mounted.push(() => wrapper.unmount());
    await nextTick();
    const dialog = wrapper.get("dialog");
    const close = dialog.get("button.dialog-close").element as HTMLElement;
    const last = dialog.findAll("button").at(-1)!.element as HTMLElement;
    last.focus();
    await dialog.trigger("keydown", { key: "Tab" });
    expect(document.activeElement).toBe(close);
    close.focus();
    await dialog.trigger("keydown", { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);
  });
});
