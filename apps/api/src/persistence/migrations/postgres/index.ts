import { type MigrationInterface } from "typeorm";
import { ReportSources1795700000001 } from "./1795700000001-ReportSources.js";
import { AuditLog1795740000000 } from "./1795740000000-AuditLog.js";
import { Billing1795681695179 } from "./1795681695179-Billing.js";
import { Init1795677236919 } from "./1795677236919-Init.js";
import { IdempotencyKeys1795688394046 } from "./1795688394046-IdempotencyKeys.js";
import { Invoices1795710000001 } from "./1795710000001-Invoices.js";
import { JobHeartbeat1795688675938 } from "./1795688675938-JobHeartbeat.js";
import { WidenBillingColumns1795683670000 } from "./1795683670000-WidenBillingColumns.js";
import { RateLimits1795720000000 } from "./1795720000000-RateLimits.js";
import { ConsoleUsersAndKeys1795730000001 } from "./1795730000001-ConsoleUsersAndKeys.js";

export const POSTGRES_MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1795677236919,
  Billing1795681695179,
  WidenBillingColumns1795683670000,
  IdempotencyKeys1795688394046,
  JobHeartbeat1795688675938,
  ReportSources1795700000001,
  Invoices1795710000001,
  RateLimits1795720000000,
  ConsoleUsersAndKeys1795730000001,
  AuditLog1795740000000,
];
