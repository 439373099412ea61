import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TermsText } from "~/components/TermsText";
import { currentTerms } from "~/modules/accounts/terms.server";
import { formatLondonDateTime } from "~/modules/dates";
import { db } from "~/utils/db.server";

export const handle = { title: "Terms of use" };

export async function loader(_: LoaderFunctionArgs) {
  const terms = await currentTerms(db());
  return json({ terms: terms && { version: terms.version, body: terms.body, publishedAt: formatLondonDateTime(terms.publishedAt) } });
}

export default function TermsOfUse() {
  const { terms } = useLoaderData<typeof loader>();
  return (
    <div className="desktop:w-2/3">
      <h1>Terms of use</h1>
      {terms ? (
        <>
          <p>
            Version {terms.version}, published {terms.publishedAt}.
          </p>
          <TermsText body={terms.body} />
        </>
      ) : (
        <p>No terms of use have been published yet.</p>
      )}
    </div>
  );
}
