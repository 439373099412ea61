import type { Db } from "./support";

/** The first terms of use, as the demo publishes them; every demo account has accepted them. */
export const DEMO_TERMS = {
  summary: "The first published terms of use.",
  body: [
    "## Who may use the Buying Catalogue",
    "The Buying Catalogue is for people in NHS organisations who buy digital services under the frameworks it lists, for suppliers on those frameworks, and for NHS England commercial staff. Use only your own account.",
    "## Buying",
    "Orders are call-off agreements under the framework named on them, on the framework's terms. Check quantities, service recipients and prices before you submit: a submitted order is a contract.",
    "## Suppliers",
    "Listings, prices and assurance evidence must be accurate and kept up to date. A solution whose assurance lapses may be suspended and its contracts flagged for termination.",
    "## Your data",
    "We record what you do in the catalogue in an audit trail, including when you log in. See the privacy notice for how we use personal data.",
  ].join("\n\n"),
};

export async function seedTermsOfUse(db: Db, userIds: readonly string[], publishedAt: Date): Promise<void> {
  const terms = await db.termsOfUse.create({ data: { version: 1, summary: DEMO_TERMS.summary, body: DEMO_TERMS.body, publishedAt } });
  await db.termsAcceptance.createMany({ data: userIds.map((userId) => ({ userId, termsId: terms.id, acceptedAt: publishedAt })) });
}
