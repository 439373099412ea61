import { AppLink } from "~/components/nhs";
import { SUPPORT_EMAIL } from "~/utils/contact";

export const handle = { title: "Accessibility statement" };


export default function AccessibilityStatement() {
  return (
    <>
      <h1>Accessibility statement for the Buying Catalogue</h1>
      <p className="nhsuk-body-l">
        This statement applies to the Buying Catalogue, the NHS England service for finding, comparing and buying IT
        systems for GP practices and integrated care boards, and to its open data API documentation.
      </p>
      <p>
        This website is run by NHS England. We want as many people as possible to be able to use it. For example,
        that means you should be able to:
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        <li>change colours, contrast levels and fonts using browser or device settings</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>navigate the whole website using just a keyboard</li>
        <li>navigate most of the website using speech recognition software</li>
        <li>listen to the website using a screen reader</li>
        <li>use every page and form with JavaScript switched off</li>
      </ul>
      <p>We have also made the text on the website as simple as possible to understand.</p>
      <p>
        <AppLink href="https://mcmw.abilitynet.org.uk/">AbilityNet</AppLink> has advice on making your device easier
        to use if you have a disability.
      </p>

      <h2>How accessible this website is</h2>
      <p>We know some parts of this website are not fully accessible:</p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        <li>
          some documents that suppliers upload as evidence, such as assurance certificates in PDF format, may not be
          accessible to screen reader software
        </li>
        <li>
          charts show their information as pictures; each chart has a table with the same information beside it
        </li>
      </ul>

      <h2>Feedback and contact information</h2>
      <p>
        If you need information on this website in a different format, such as accessible PDF, large print, easy read,
        audio recording or braille, email <AppLink href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</AppLink>.
      </p>
      <p>We will consider your request and get back to you within 5 working days.</p>

      <h2>Reporting accessibility problems with this website</h2>
      <p>
        We are always looking to improve the accessibility of this website. If you find any problems not listed on
        this page or think we are not meeting accessibility requirements, email{" "}
        <AppLink href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</AppLink>. Tell us the web address of the page, what
        you were trying to do and what assistive technology you use, if any.
      </p>

      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites
        and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the &lsquo;accessibility regulations&rsquo;).
        If you are not happy with how we respond to your complaint, contact the{" "}
        <AppLink href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</AppLink>.
      </p>

      <h2>Technical information about this website&apos;s accessibility</h2>
      <p>
        NHS England is committed to making its website accessible, in accordance with the Public Sector Bodies
        (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
      </p>

      <h3>Compliance status</h3>
      <p>
        This website is partially compliant with the{" "}
        <AppLink href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</AppLink> AA
        standard, due to the non-compliances listed below.
      </p>

      <h2>Non-accessible content</h2>
      <p>The content listed below is non-accessible for the following reasons.</p>

      <h3>Non-compliance with the accessibility regulations</h3>
      <p>
        Some documents that suppliers upload, such as assurance evidence and certificates, may not have tags, headings
        or text alternatives for images. This fails WCAG 2.2 success criteria 1.1.1 (non-text content) and 1.3.1 (info
        and relationships). We check the type and size of each upload, and the information that matters for buying
        (assurance status, dates and certificate numbers) is always shown on the page as text. We are asking suppliers
        to provide accessible documents when they next renew their assurance.
      </p>

      <h3>Content that is not within the scope of the accessibility regulations</h3>
      <p>
        The open data API returns information as JSON for software developers. Its descriptions are published as an
        OpenAPI document; the same information is available to everyone on the catalogue&apos;s web pages.
      </p>

      <h2>What we are doing to improve accessibility</h2>
      <p>
        Every page is built from the NHS.UK design system components and is checked automatically each time the
        service changes. We fix accessibility problems found in testing or reported by users before other work.
      </p>

      <h2>Preparation of this accessibility statement</h2>
      <p>This statement was prepared on 21 November 2026. It was last reviewed on 21 November 2026.</p>
      <p>This website was last tested on 21 November 2026. The Buying Catalogue team carried out the tests.</p>
      <p>
        Every page template is checked automatically with axe-core against WCAG 2.2 A and AA in the end-to-end test
        journeys for each type of user (visitors, buyers, suppliers and NHS commercial staff), with JavaScript on and
        off. A change cannot be released with any failure. The journeys also check that every form works by keyboard
        and without JavaScript.
      </p>
      <p>
        We have not yet had the service tested by people using screen readers and other assistive technology. We plan
        to do this before the service leaves beta, and will update this statement with what we find.
      </p>
    </>
  );
}
