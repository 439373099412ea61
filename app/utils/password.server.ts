import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, and quick enough that sign-in
// stays responsive on two cores.
// algorithm 2 is Argon2id (the package exports it as a const enum, which isolatedModules cannot read).
const options = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, options);
}

export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

// Made at start-up, so the first unknown-email sign-in is not slower than the rest.
const decoyHash: Promise<string> = hashPassword("decoy password that never matches anything");
/**
 * Sign-in for an unknown email still runs one verification against a decoy hash, so the
 * response time does not reveal whether an account exists.
 */
export async function verifyAgainstDecoy(plain: string): Promise<false> {
  await verifyPassword(await decoyHash, plain);
  return false;
}
