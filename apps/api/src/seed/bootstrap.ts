import { randomBytes } from "node:crypto";
import { type AppDeps, toViewerIdentity } from "../context.js";
import { createLoaders } from "../loaders/loaders.js";
import { PartnerEntity, UserEntity } from "../persistence/entities/index.js";
import { type Services } from "../services.js";

/** OPERATOR_EMAIL / OPERATOR_PASSWORD: the operator exists after start (created if missing). */
export async function ensureOperator(
  deps: AppDeps,
  services: Services,
  email: string,
  password: string,
): Promise<void> {
  const normalized = email.trim().toLowerCase();
  if (await deps.dataSource.getRepository(UserEntity).existsBy({ email: normalized })) return;
  const passwordHash = await deps.hasher.hash(password);
  await deps.tx.run((m) =>
    services.users.insert(
      m,
      { email: normalized, name: "Operator", password, status: "ACTIVE", role: "OPERATOR" },
      null,
      passwordHash,
      "OPERATOR_EMAIL",
    ),
  );
  deps.logger.info({ email: normalized }, "operator user created");
}

export interface DemoSignIn {
  email: string;
  password: string;
}

/**
 * The demo tenant of a first start: a Parent with a master payer account, its Partner Sys
 * Admin, and Child partners with accounts and reseller links, made through the same
 * services (and so the same rules) as the API.
 */
export async function seedDemoData(deps: AppDeps, services: Services): Promise<DemoSignIn | null> {
  if ((await deps.dataSource.getRepository(PartnerEntity).count()) > 0) return null;
  const password = randomBytes(12).toString("base64url");
  const operator = toViewerIdentity(
    Object.assign(new UserEntity(), { id: 0, role: "OPERATOR", partnerId: null, status: "ACTIVE" }),
    null,
    { kind: "session", id: 0 },
  );
  const parent = await services.partners.createParent(operator, {
    name: "Demo Cloud Distribution",
    email: "billing@demo-distribution.example",
    sysAdmin: { email: "sysadmin@demo-distribution.example", name: "Demo Sys Admin", password },
  });
  const admin = toViewerIdentity(parent.initialUser.user, parent.partner, {
    kind: "session",
    id: 0,
  });
  const loaders = () => createLoaders(deps.dataSource);
  const masterPayer = await services.accounts.create(admin, loaders(), {
    partnerId: String(parent.partner.id),
    name: "Master payer",
    awsAccountId: "111122223333",
    isMasterPayer: true,
  });
  const children = [
    {
      name: "Acme Cloud Services",
      email: "finance@acme.example",
      reseller: true,
      payees: ["444455556666", "555566667777"],
    },
    {
      name: "Globex Hosting",
      email: "ap@globex.example",
      reseller: true,
      payees: ["666677778888"],
    },
    { name: "Initech Labs", email: "it@initech.example", reseller: false, payees: [] },
  ];
  for (const [index, child] of children.entries()) {
    const created = await services.partners.createChild(admin, {
      name: child.name,
      email: child.email,
      initialUser: {
        email: `admin${index + 1}@${child.email.split("@")[1]}`,
        name: `${child.name} admin`,
        password: null,
      },
      reseller: child.reseller ? { parentPartnerId: String(parent.partner.id) } : null,
    });
    await services.accounts.create(admin, loaders(), {
      partnerId: String(created.partner.id),
      name: `${child.name} production`,
      awsAccountId: child.payees[0] ?? "888899990000",
      isMasterPayer: false,
    });
    if (child.reseller) {
      await services.links.create(admin, loaders(), {
        masterPayerAccountId: String(masterPayer.id),
        resellerPartnerId: String(created.partner.id),
        resellerAccountId: "0",
        awsPayerAccountId: "111122223333",
        awsPayeeAccountIds: child.payees,
        history: "RESET_ALL_HISTORY",
      });
    }
  }
  return { email: parent.initialUser.user.email, password };
}
