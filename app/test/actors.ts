import { actorFromUser, type Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";

/** The Actor a signed-in user would be, built from the database as optionalActor does. */
export async function actorFor(db: Db, userId: string): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { organisation: true } });
  return actorFromUser(user, { sessionId: "test-session", csrfToken: "test-csrf" });
}
