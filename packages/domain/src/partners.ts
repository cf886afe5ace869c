import { parseAwsAccountId } from "./aws-account-id.js";
import { domainError, type DomainError } from "./errors.js";
import type { Actor, PartnerRef, Role } from "./model.js";
import { err, ok, type Result } from "./result.js";
import { checkRoleGrant } from "./roles.js";
import { blankToNull, checkPassword, parseEmail, parseId, requireText } from "./validation.js";
import { checkCanAdminister } from "./visibility.js";

const NAME_MAX_LENGTH = 200;

/** A user to create with a partner: its email, optional name and optional password. */
export interface InitialUserDraft {
  email: string;
  name?: string | null;
  password?: string | null;
}

/** The "Add Partner" form of a Partner Sys Admin. */
export interface CreateChildPartnerDraft {
  name: string;
  email: string;
  initialUser?: InitialUserDraft | null;
  /** Present when the Child is a reseller; names the Parent that feeds it. */
  reseller?: { parentPartnerId: string } | null;
}

/** A validated user to create. Without a password it waits for activation by email. */
export interface InitialUserPlan {
  email: string;
  name: string | null;
  password: string | null;
  status: "ACTIVE" | "PENDING_ACTIVATION";
  role: Role;
}

/** A validated Child partner to create, under the actor's Parent. */
export interface ChildPartnerPlan {
  name: string;
  email: string;
  level: "CHILD";
  parentId: string;
  isReseller: boolean;
  initialUser: InitialUserPlan | null;
}

/** A validated Parent partner to create, with its first Partner Sys Admin. */
export interface ParentPartnerPlan {
  name: string;
  email: string;
  level: "PARENT";
  sysAdmin: InitialUserPlan;
}

/**
 * Rule 4: a Partner Sys Admin creates a Child of its own Parent. Email uniqueness needs the
 * database and is the caller's check.
 */
export function planChildPartner(
  actor: Actor,
  draft: CreateChildPartnerDraft,
): Result<ChildPartnerPlan, DomainError> {
  const parent = actor.partner;
  if (actor.role !== "PARTNER_SYS_ADMIN" || parent?.level !== "PARENT") {
    return err(roleForbidden("create a Child partner"));
  }
  const name = requireText(draft.name, "input.name", NAME_MAX_LENGTH);
  if (!name.ok) return name;
  const email = parseEmail(draft.email, "input.email");
  if (!email.ok) return email;

  let isReseller = false;
  if (draft.reseller) {
    const field = "input.reseller.parentPartnerId";
    const parentId = parseId(draft.reseller.parentPartnerId, field);
    if (!parentId.ok) return parentId;
    // A reseller is fed by the caller's own Parent only.
    if (parentId.value !== parent.id) {
      return err(
        domainError(
          "RESELLER_PARENT_MISMATCH",
          `${field} must be your own Parent partner ${parent.id}, got ${parentId.value}`,
          { field, value: parentId.value },
        ),
      );
    }
    isReseller = true;
  }

  let initialUser: InitialUserPlan | null = null;
  if (draft.initialUser) {
    // A Child's initial user administers that Child.
    const user = planUserFields(draft.initialUser, "input.initialUser", "ADMINISTRATOR");
    if (!user.ok) return user;
    initialUser = user.value;
  }

  return ok({
    name: name.value,
    email: email.value,
    level: "CHILD",
    parentId: parent.id,
    isReseller,
    initialUser,
  });
}

/** An operator creates a Parent partner and its first Partner Sys Admin. */
export function planParentPartner(
  actor: Actor,
  draft: { name: string; email: string; sysAdmin: InitialUserDraft },
): Result<ParentPartnerPlan, DomainError> {
  if (actor.role !== "OPERATOR") return err(roleForbidden("create a Parent partner"));
  const name = requireText(draft.name, "input.name", NAME_MAX_LENGTH);
  if (!name.ok) return name;
  const email = parseEmail(draft.email, "input.email");
  if (!email.ok) return email;
  const sysAdmin = planUserFields(draft.sysAdmin, "input.sysAdmin", "PARTNER_SYS_ADMIN");
  if (!sysAdmin.ok) return sysAdmin;
  return ok({ name: name.value, email: email.value, level: "PARENT", sysAdmin: sysAdmin.value });
}

/**
 * A user added to `target` with `role`: the grant is checked first (so an invisible partner reads
 * as `NOT_FOUND` before any field is judged), then email, name and password.
 */
export function planUser(
  actor: Actor,
  target: PartnerRef,
  draft: { email: string; name?: string | null; password?: string | null; role: Role },
): Result<InitialUserPlan, DomainError> {
  const role = checkRoleGrant(actor, target, draft.role, "input.role");
  if (!role.ok) return role;
  return planUserFields(draft, "input", role.value);
}

/**
 * An account of `target`. The AWS account id is optional; a master payer must be a Parent's
 * account and must name the AWS account it reads.
 */
export function planAccount(
  actor: Actor,
  target: PartnerRef,
  draft: { name: string; awsAccountId?: string | null; isMasterPayer?: boolean | null },
): Result<{ name: string; awsAccountId: string | null; isMasterPayer: boolean }, DomainError> {
  const administrable = checkCanAdminister(actor, target);
  if (!administrable.ok) return administrable;
  const name = requireText(draft.name, "input.name", NAME_MAX_LENGTH);
  if (!name.ok) return name;

  let awsAccountId: string | null = null;
  const rawAwsId = blankToNull(draft.awsAccountId);
  if (rawAwsId !== null) {
    const parsed = parseAwsAccountId(rawAwsId, "input.awsAccountId");
    if (!parsed.ok) return parsed;
    awsAccountId = parsed.value;
  }

  const isMasterPayer = draft.isMasterPayer === true;
  if (isMasterPayer && target.level !== "PARENT") {
    return err(
      domainError(
        "MASTER_PAYER_REQUIRES_PARENT",
        `input.isMasterPayer: only a Parent partner holds a master payer account, partner ${target.id} is a Child`,
        { field: "input.isMasterPayer", value: true },
      ),
    );
  }
  if (isMasterPayer && awsAccountId === null) {
    return err(
      domainError(
        "MASTER_PAYER_REQUIRES_AWS_ID",
        "input.awsAccountId is required for a master payer account",
        { field: "input.awsAccountId", value: null },
      ),
    );
  }
  return ok({ name: name.value, awsAccountId, isMasterPayer });
}

function planUserFields(
  draft: InitialUserDraft,
  prefix: string,
  role: Role,
): Result<InitialUserPlan, DomainError> {
  const email = parseEmail(draft.email, `${prefix}.email`);
  if (!email.ok) return email;

  let name: string | null = null;
  const rawName = blankToNull(draft.name);
  if (rawName !== null) {
    const parsed = requireText(rawName, `${prefix}.name`, NAME_MAX_LENGTH);
    if (!parsed.ok) return parsed;
    name = parsed.value;
  }

  // No password: the user is invited by email and sets one on activation.
  const rawPassword = blankToNull(draft.password);
  if (rawPassword === null) {
    return ok({ email: email.value, name, password: null, status: "PENDING_ACTIVATION", role });
  }
  const password = checkPassword(rawPassword, `${prefix}.password`);
  if (!password.ok) return password;
  return ok({ email: email.value, name, password: password.value, status: "ACTIVE", role });
}

function roleForbidden(what: string): DomainError {
  return domainError("ROLE_FORBIDDEN", `Your role may not ${what}`);
}
