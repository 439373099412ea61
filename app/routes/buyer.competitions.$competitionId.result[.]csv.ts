import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedResult, resultsCsv } from "~/modules/competitions/award.server";
import { findCompetition } from "~/modules/competitions/competitions.server";
import { competitionReference } from "~/modules/competitions/rules";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

const plain = (text: string, status: number) => new Response(`${text}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "download" });
  const competition = await findCompetition(db(), actor, params.competitionId ?? "", "download");
  if (!competition) return plain("Not found", 404);
  const published = await publishedResult(db(), competition, actor);
  if (!published.ready) return plain(`There is no result yet. ${published.missing.join(" ")}`, 409);
  return new Response(resultsCsv(competition, published.table), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${competitionReference(competition.number)}-result.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
