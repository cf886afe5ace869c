import { type Role, type UserStatus } from "../../generated/graphql";

export const ROLE_LABELS: Record<Role, string> = {
  OPERATOR: "Operator",
  PARTNER_SYS_ADMIN: "Partner Sys Admin",
  ADMINISTRATOR: "Administrator",
  USER: "User",
};

export const STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: "Active",
  PENDING_ACTIVATION: "Invited, not activated",
  DISABLED: "Disabled",
};
