import { AppLink, InsetText } from "~/components/nhs";
import { SUPPORT_EMAIL } from "~/utils/contact";

export const handle = { title: "Contact us" };


export default function Contact() {
  return (
    <>
      <h1>Contact us</h1>
      <p className="nhsuk-body-l">
        The Buying Catalogue team at NHS England can help with using the catalogue, placing orders and keeping
        supplier listings up to date.
      </p>

      <h2>Email</h2>
      <p>
        <AppLink href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</AppLink>
      </p>
      <p>We aim to reply within 2 working days. The team works Monday to Friday, 9am to 5pm, except bank holidays.</p>
      <InsetText>
        <p>Do not send patient information or other personal health information by email.</p>
      </InsetText>

      <h2>What to include</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        <li>your name and the name of your organisation (or its ODS code)</li>
        <li>the order or call-off ID, if your question is about an order or contract</li>
        <li>the solution name, if your question is about a listing or its assurance</li>
        <li>what you were trying to do and what happened, if something went wrong</li>
      </ul>

      <h2>Who can help with what</h2>
      <h3>Buyers</h3>
      <p>
        For questions about adding or removing users in your organisation, ask your organisation&apos;s account manager
        first. Contact us for help with finding and comparing solutions, orders, payments, renewals and contracts
        flagged for termination.
      </p>
      <h3>Suppliers</h3>
      <p>
        Contact us about your listings, submitting them for review, capability and standards assurance, and
        remediation plans.
      </p>

      <h2>Accessibility</h2>
      <p>
        If you cannot use part of this service or need information in a different format, read our{" "}
        <AppLink href="/accessibility-statement">accessibility statement</AppLink> or email us.
      </p>
    </>
  );
}
