import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";

/** The Actor a signed-in user would be, built from the database as optionalActor does. */
export async function actorFor(db: Db, userId: string): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { organisation: true } });
  return {
    userId: user.id,
    sessionId: "test-session",
    name: user.name,
    email: user.email,
    role: user.role,
    organisationId: user.organisationId,
    organisationName: user.organisation.name,
    organisationType: user.organisation.type,
    odsCode: user.organisation.odsCode,
    supplierId: user.organisation.supplierId,
    csrfToken: "test-csrf",
  };
}
