import { type CreatePartnerInput } from "../../generated/graphql";

/** The Add Partner page's state. A section whose check box is off keeps its values but sends none. */
export interface AddPartnerForm {
  name: string;
  email: string;
  addInitialUser: boolean;
  initialUser: { email: string; name: string; password: string };
  isReseller: boolean;
  parentPartnerId: string;
}

/** The form's fields, named by their path under the mutation's `input`. */
export type AddPartnerField =
  | "name"
  | "email"
  | "initialUser.email"
  | "initialUser.name"
  | "initialUser.password"
  | "reseller.parentPartnerId";

export function createAddPartnerForm(parentPartnerId: string): AddPartnerForm {
  return {
    name: "",
    email: "",
    addInitialUser: false,
    initialUser: { email: "", name: "", password: "" },
    isReseller: false,
    parentPartnerId,
  };
}

export function toCreatePartnerInput(form: AddPartnerForm): CreatePartnerInput {
  const user = form.initialUser;
  return {
    name: form.name,
    email: form.email,
    initialUser: form.addInitialUser
      ? {
          email: user.email,
          name: user.name.trim() === "" ? null : user.name,
          // A blank password makes the API send an activation email instead.
          password: user.password === "" ? null : user.password,
        }
      : null,
    reseller: form.isReseller ? { parentPartnerId: form.parentPartnerId.trim() } : null,
  };
}

export function visibleFields(form: AddPartnerForm): AddPartnerField[] {
  const fields: AddPartnerField[] = ["name", "email"];
  if (form.addInitialUser)
    fields.push("initialUser.email", "initialUser.name", "initialUser.password");
  if (form.isReseller) fields.push("reseller.parentPartnerId");
  return fields;
}

/**
 * The field an API error's `extensions.field` (e.g. `input.initialUser.email`) points at, or null
 * when no field on screen matches and the error belongs in the page message.
 */
export function fieldOfError(
  apiField: string | null,
  form: AddPartnerForm,
): AddPartnerField | null {
  if (!apiField?.startsWith("input.")) return null;
  const path = apiField.slice("input.".length);
  return visibleFields(form).find((field) => field === path) ?? null;
}
