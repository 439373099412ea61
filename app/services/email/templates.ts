/**
 * Emails as data: a template returns its subject, paragraphs and an optional link, and this
 * file turns that into the plain text and the simple, escaped HTML every email carries,
 * with the same signature. No user-supplied text is ever treated as markup.
 *
 *   export const assuranceExpiring = emailTemplate((p: { standard: string; expiresOn: string; url: string }) => ({
 *     subject: `${p.standard} assurance expires on ${p.expiresOn}`,
 *     paragraphs: [`Your ${p.standard} assurance expires on ${p.expiresOn}.`],
 *     link: { text: "Renew your assurance", url: p.url },
 *   }));
 *   await queueEmail(tx, { to, ...assuranceExpiring({ … }), dedupeKey });
 */

export const EMAIL_SIGNATURE = "Buying Catalogue, NHS England";

/** A paragraph, or a bulleted list (e.g. the solutions affected by a lapse). */
export type EmailBlock = string | { list: string[] };

export type EmailBody = {
  subject: string;
  /** "Dear Dr Patel," */
  greeting?: string;
  paragraphs: EmailBlock[];
  /** The one thing to do next. Must be an absolute http(s) URL. */
  link?: { text: string; url: string };
};

export type EmailContent = { subject: string; text: string; html: string };

export function emailTemplate<Params>(build: (params: Params) => EmailBody): (params: Params) => EmailContent {
  return (params) => renderEmail(build(params));
}

export function renderEmail(body: EmailBody): EmailContent {
  const link = body.link ? { text: body.link.text, url: checkedLinkUrl(body.link.url) } : undefined;
  const blocks = [...(body.greeting ? [body.greeting] : []), ...body.paragraphs];

  const text = [
    ...blocks.map((block) => (typeof block === "string" ? block : block.list.map((item) => `* ${item}`).join("\n"))),
    ...(link ? [`${link.text}: ${link.url}`] : []),
    EMAIL_SIGNATURE,
  ].join("\n\n");

  const html = [
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(body.subject)}</title></head>`,
    `<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #212b32;">`,
    ...blocks.map((block) =>
      typeof block === "string"
        ? `<p>${escapeHtml(block)}</p>`
        : `<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`,
    ),
    ...(link ? [`<p><a href="${escapeHtml(link.url)}" style="color: #005eb8;">${escapeHtml(link.text)}</a></p>`] : []),
    `<p>${escapeHtml(EMAIL_SIGNATURE)}</p>`,
    `</body></html>`,
  ].join("\n");

  return { subject: body.subject, text, html };
}

/** Only web links: an email must not carry javascript: or data: URLs, whatever a caller passes. */
function checkedLinkUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    throw new Error(`Email links must be absolute http(s) URLs, got "${url}".`);
  }
  return parsed.href;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}
