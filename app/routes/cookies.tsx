import { Table } from "~/components/nhs";

export const handle = { title: "Cookies" };

export default function Cookies() {
  return (
    <>
      <h1>Cookies</h1>
      <p className="nhsuk-body-l">
        Cookies are small files saved on your phone, tablet or computer when you visit a website.
      </p>
      <p>
        The Buying Catalogue only uses cookies that are strictly necessary to make the service work. We do not use
        cookies to measure how you use the service, to remember your choices for other websites or to show you
        adverts.
      </p>
      <p>
        Because these cookies are needed for the service to work, we do not ask for your consent to use them, and
        there is no cookie banner.
      </p>

      <h2>Strictly necessary cookies</h2>
      <Table
        caption="Cookies we use"
        head={[{ label: "Name" }, { label: "Purpose" }, { label: "Expires" }]}
        firstCellIsHeader
        rows={[
          [
            <code>__session</code>,
            "Keeps you logged in as you move between pages. We set it when you log in. It holds only a random code: your details stay on our servers.",
            "After 12 hours without activity, or 7 days after you logged in, whichever comes first. Logging out removes it straight away.",
          ],
          [
            <code>__csrf</code>,
            "Stops other websites sending forms to the Buying Catalogue as if they were you, before you have logged in (for example, the log in form).",
            "When you close your browser",
          ],
        ]}
      />
      <p>
        These cookies can only be read by the Buying Catalogue, are only sent over a secure connection, and cannot be
        read by scripts on the page.
      </p>

      <h2>If you block cookies</h2>
      <p>
        You can block or delete cookies in your browser settings. If you block these cookies you can still
        browse and search the catalogue, but you will not be able to log in or fill in forms.
      </p>

      <h2>Changes to this page</h2>
      <p>
        If we ever need a cookie that is not strictly necessary, we will ask for your consent before setting it and
        list it on this page.
      </p>
      <p className="nhsuk-body-s text-text-secondary">Page last reviewed: 21 November 2026</p>
    </>
  );
}
