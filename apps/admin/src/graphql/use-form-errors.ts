import { type CombinedError } from "@urql/core";
import { type Ref, nextTick, reactive, readonly, ref } from "vue";
import { type ShownError, describeError } from "./errors";

/**
 * The errors of a form: each next to the field it names, anything else in the page message.
 * `fieldOf` maps an API error's `extensions.field` (e.g. `input.email`) to a field on screen,
 * or to null when none shows it.
 */
export function useFormErrors<Field extends string = never>(
  fieldOf: (apiField: string) => Field | null = () => null,
) {
  const fields: Partial<Record<Field, string>> = reactive({});
  const message = ref<string | null>(null);
  const shown = ref<ShownError | null>(null);

  function clear(): void {
    for (const key of Object.keys(fields) as Field[]) delete fields[key];
    message.value = null;
    shown.value = null;
  }

  /** Shows an API error, or the page's own text when the API gave none; returns its field, if any. */
  function show(error: CombinedError | string): Field | null {
    if (typeof error === "string") {
      message.value = error;
      return null;
    }
    shown.value = describeError(error);
    const field = shown.value.field ? fieldOf(shown.value.field) : null;
    if (field === null) message.value = shown.value.text;
    else fields[field] = shown.value.text;
    return field;
  }

  return { fields, message, shown: readonly(shown), show, clear };
}

/** Moves focus to the first control marked invalid, once the errors are on screen. */
export async function focusFirstInvalid(form: Ref<HTMLElement | null>): Promise<void> {
  await nextTick();
  form.value?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
