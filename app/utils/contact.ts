/** The Buying Catalogue team at NHS England: support, and the commercial team's contact for buyers. */
export const SUPPORT_EMAIL = "catalogue.support@example.nhs.uk";
