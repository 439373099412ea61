import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";
import { env } from "./env.server";

export type Db = InstanceType<typeof PrismaClient>;
/** The client or an interactive transaction: module functions accept either. */
export type DbClient = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * One client per process, created on first use so that the server can start the
 * embedded database (and so set DATABASE_URL) before anything queries.
 */
const globalForDb = globalThis as unknown as { catalogueDb?: Db };

export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: env().DB_POOL_SIZE }) });
}

export function db(): Db {
  if (!globalForDb.catalogueDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the server starts the database before handling requests.");
    globalForDb.catalogueDb = createDb(url);
  }
  return globalForDb.catalogueDb;
}

/** Tests point the process at their own throwaway database. */
export function setDb(client: Db | undefined) {
  globalForDb.catalogueDb = client;
}

/** A unique key or unique index (partial ones included) refused the write: Prisma's P2002. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
