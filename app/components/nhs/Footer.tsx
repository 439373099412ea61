import { AppLink } from "./AppLink";

const supportLinks = [
  { href: "/accessibility-statement", label: "Accessibility statement" },
  { href: "/cookies", label: "Cookies" },
  { href: "/contact", label: "Contact us" },
  { href: "/terms-of-use", label: "Terms of use" },
  // A JSON document, not a page: always a full request.
  { href: "/api/v1/openapi.json", label: "Open data API", reloadDocument: true },
];

export function Footer() {
  return (
    <footer className="border-t-4 border-blue bg-grey-4">
      <div className="mx-auto flex max-w-page flex-col gap-6 px-4 py-6 tablet:flex-row tablet:items-end tablet:justify-between tablet:py-8">
        <h2 className="nhsuk-u-visually-hidden">Support links</h2>
        <ul className="m-0 flex list-none flex-col gap-x-6 gap-y-2 p-0 text-16 tablet:flex-row tablet:flex-wrap">
          {supportLinks.map((link) => (
            <li key={link.href}>
              <AppLink href={link.href} reloadDocument={link.reloadDocument} className="inline-flex min-h-6 items-center">
                {link.label}
              </AppLink>
            </li>
          ))}
        </ul>
        <p className="m-0 text-16 text-text-secondary">© NHS England</p>
      </div>
    </footer>
  );
}
