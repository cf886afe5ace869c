import { type AuditLogFilter } from "../../generated/graphql";

/** The filter form as typed: text fields and `YYYY-MM-DD` dates (UTC days). */
export interface AuditFilterForm {
  userId: string;
  operation: string;
  objectType: string;
  objectId: string;
  from: string;
  to: string;
}

export type AuditFilterField = keyof AuditFilterForm;

export const EMPTY_AUDIT_FILTER: AuditFilterForm = {
  userId: "",
  operation: "",
  objectType: "",
  objectId: "",
  from: "",
  to: "",
};

/** The API's filter: blank fields left out; a day runs from its first to its last millisecond. */
export function toAuditLogFilter(form: AuditFilterForm): AuditLogFilter {
  const filter: AuditLogFilter = {};
  if (form.userId.trim()) filter.userId = form.userId.trim();
  if (form.operation.trim()) filter.operation = form.operation.trim();
  if (form.objectType.trim()) filter.objectType = form.objectType.trim();
  if (form.objectId.trim()) filter.objectId = form.objectId.trim();
  if (form.from) filter.from = `${form.from}T00:00:00.000Z`;
  if (form.to) filter.to = `${form.to}T23:59:59.999Z`;
  return filter;
}

/** `filter.userId` → the form field that shows its error. */
export function auditFieldOf(apiField: string): AuditFilterField | null {
  const name = apiField.replace(/^filter\./, "");
  return name in EMPTY_AUDIT_FILTER ? (name as AuditFilterField) : null;
}
