import { z } from "zod";
import type { OrganisationType, UserRole } from "../../../generated/prisma/enums";

/**
 * Who may hold which role, and whose email address may have an account: pure rules shared by
 * staff user management, account managers' colleagues and invitation acceptance.
 */

/** Every role a person's account can have (VISITOR is nobody signed in). */
export const USER_ROLES = ["BUYER", "ACCOUNT_MANAGER", "SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER", "AUTHORITY"] as const satisfies readonly UserRole[];

const BUYER_ROLES = ["BUYER", "ACCOUNT_MANAGER"] as const satisfies readonly UserRole[];
const SUPPLIER_ROLES = ["SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER"] as const satisfies readonly UserRole[];

/** The roles a person in an organisation of `type` can have: buyers buy, suppliers sell, the authority runs the catalogue. */
export function rolesForOrganisationType(type: OrganisationType): readonly UserRole[] {
  if (type === "SUPPLIER") return SUPPLIER_ROLES;
  if (type === "EXECUTIVE_AGENCY") return ["AUTHORITY"];
  return BUYER_ROLES;
}

/**
 * Buyer and staff addresses must be on the allow-list (domain.md: nhs.net, nhs.uk and their
 * subdomains); suppliers sign up with their own company domains, so theirs are not checked.
 */
export function needsAllowedEmailDomain(type: OrganisationType): boolean {
  return type !== "SUPPLIER";
}

/** The part after the last "@", lowercase; "" if there is none. */
export function emailDomainOf(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : email.slice(at + 1).trim().toLowerCase();
}

/** The domain and every parent domain with at least two labels: "gp.nhs.uk" → ["gp.nhs.uk", "nhs.uk"]. */
export function domainCandidates(domain: string): string[] {
  const labels = domain.toLowerCase().split(".").filter(Boolean);
  const candidates: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) candidates.push(labels.slice(i).join("."));
  return candidates;
}

/** Whether an address is allowed by a list of allowed domains (subdomains of an allowed domain are allowed too). */
export function isEmailAllowed(email: string, allowedDomains: readonly string[]): boolean {
  const allowed = new Set(allowedDomains);
  return domainCandidates(emailDomainOf(email)).some((candidate) => allowed.has(candidate));
}

// RFC 1035 labels: letters, digits and hyphens, not starting or ending with a hyphen, 63 at most.
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
export const emailDomainSchema = () =>
  z.object({
    domain: z
      .string({ error: "Enter the email domain" })
      .trim()
      .toLowerCase()
      .transform((d) => d.replace(/^@/, ""))
      .pipe(
        z
          .string()
          .min(1, "Enter the email domain")
          .max(253, "The email domain must be 253 characters or fewer")
          .refine((d) => {
            const labels = d.split(".");
            return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /[a-z]/.test(labels[labels.length - 1]);
          }, "Enter a domain like nhs.net: letters, numbers and hyphens, with at least one dot, and no spaces or @"),
      ),
  });

export const USER_EMAIL_DOMAIN_REFUSED = "Email addresses at this domain cannot have an account: it is not on the list of allowed email domains";
