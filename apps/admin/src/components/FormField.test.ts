import { type VueWrapper, mount } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { type Slot, defineComponent, h } from "vue";
import FormField from "./FormField.vue";

const mounted: VueWrapper[] = [];

// Attached to the document, so ids resolve the way a screen reader resolves them.
function mountField(props: { label: string } & Record<string, unknown>, slots?: { default: Slot }) {
  const wrapper = mount(FormField, { props, slots, attachTo: document.body });
  mounted.push(wrapper);
  return wrapper;
}

/** The control that the label names through `for`, as assistive technology finds it. */
function labelled(label: string): HTMLElement {
  const element = [...document.querySelectorAll("label")].find((l) => l.textContent === label);
  if (!element) throw new Error(`no label "${label}"`);
  const control = document.getElementById(element.htmlFor);
  if (!control) throw new Error(`label "${label}" names no element`);
  return control;
}

/** The texts of the elements `aria-describedby` points at, in order. */
function descriptions(control: HTMLElement): string[] {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? `missing #${id}`);
}

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
});

describe("FormField", () => {
  it("should name its input by the label and describe it by the help when there is no error", () => {
    mountField({ label: "Percent", help: "At most two decimals." });
    const input = labelled("Percent");
    expect(input.tagName).toBe("INPUT");
    expect(descriptions(input)).toEqual(["At most two decimals."]);
    expect(input.hasAttribute("aria-invalid")).toBe(false);
  });

  it("should mark the input invalid and describe it by the help and the alerted error when there is an error", () => {
    const wrapper = mountField({
      label: "Percent",
      help: "At most two decimals.",
      error: "Too big",
    });
    const input = labelled("Percent");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(input)).toEqual(["At most two decimals.", "Too big"]);
    expect(wrapper.find(".field-error").attributes("role")).toBe("alert");
    expect(wrapper.classes()).toContain("field--invalid");
  });

  it("should leave aria-describedby off when there is neither help nor error", () => {
    mountField({ label: "Name" });
    expect(labelled("Name").hasAttribute("aria-describedby")).toBe(false);
  });

  it("should give each field its own ids when two fields share a label", () => {
    // useId is unique within one app, so both fields mount in one.
    const Form = defineComponent({
      render: () => [
        h(FormField, { label: "Name", error: "Enter a name." }),
        h(FormField, { label: "Name", error: "Enter the user's name." }),
      ],
    });
    mounted.push(mount(Form, { attachTo: document.body }));
    const [first, second] = [...document.querySelectorAll("input")];
    expect(first!.id).not.toBe(second!.id);
    expect(descriptions(first!)).toEqual(["Enter a name."]);
    expect(descriptions(second!)).toEqual(["Enter the user's name."]);
  });

  it("should pass the other attributes to the input and not to the wrapper when given them", () => {
    const wrapper = mountField({ label: "Order", type: "number", name: "order", required: "" });
    const input = wrapper.find("input");
    expect(input.attributes()).toMatchObject({ type: "number", name: "order", required: "" });
    expect(wrapper.attributes("name")).toBeUndefined();
  });

  it("should bind the input to v-model when the user types", async () => {
    const wrapper = mountField({
      label: "Name",
      type: "text",
      modelValue: "Acme",
      "onUpdate:modelValue": (value: string) => wrapper.setProps({ modelValue: value }),
    });
    expect(wrapper.find("input").element.value).toBe("Acme");
    await wrapper.find("input").setValue("Acme Child");
    expect(wrapper.props("modelValue")).toBe("Acme Child");
  });

  it("should wire a slotted control like its own input when the control spreads its slot prop", () => {
    mountField(
      { label: "Kind", help: "What the rule does.", error: "Choose a kind." },
      { default: ({ control }) => [h("select", control)] },
    );
    const select = labelled("Kind");
    expect(select.tagName).toBe("SELECT");
    expect(document.querySelectorAll("input")).toHaveLength(0);
    expect(select.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(select)).toEqual(["What the rule does.", "Choose a kind."]);
  });
});
