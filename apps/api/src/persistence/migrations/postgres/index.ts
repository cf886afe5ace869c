import { type MigrationInterface } from "typeorm";
import { Init1795677236919 } from "./1795677236919-Init.js";

export const POSTGRES_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795677236919];
