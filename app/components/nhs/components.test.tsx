import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PageLayout } from "../Layout";
import {
  Breadcrumbs,
  Checkboxes,
  DateInput,
  ErrorSummary,
  errorTitle,
  Header,
  Pagination,
  pageNumbers,
  Radios,
  Select,
  SummaryList,
  TaskList,
  Textarea,
  TextInput,
} from "./index";

// No DOM in this test environment: these read opening tags out of the static markup.
const decode = (value: string) =>
  value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every opening tag of `tagName` whose attributes contain `fragment` (e.g. `id="ods-code"`). */
function tags(markup: string, tagName: string, fragment = ""): string[] {
  const pattern = new RegExp(`<${tagName}\\b[^>]*${escapeRegExp(fragment)}[^>]*>`, "g");
  return markup.match(pattern) ?? [];
}

function tag(markup: string, tagName: string, fragment = ""): string {
  const [first] = tags(markup, tagName, fragment);
  if (!first) throw new Error(`No <${tagName}> with ${fragment} in ${markup}`);
  return first;
}

/** An attribute's value, "" for a bare boolean attribute, null when absent. */
function attr(openingTag: string, name: string): string | null {
  const valued = openingTag.match(new RegExp(`\\s${name}="([^"]*)"`));
  if (valued) return decode(valued[1] ?? "");
  return new RegExp(`\\s${name}(?=[\\s>/])`).test(openingTag) ? "" : null;
}

/** The text inside the element with this id (nested tags of the same name are balanced). */
function textOf(markup: string, id: string): string {
  const open = new RegExp(`<([a-z0-9]+)\\b[^>]*\\sid="${escapeRegExp(id)}"[^>]*>`).exec(markup);
  if (!open) throw new Error(`No element with id ${id}`);
  const tagName = open[1];
  const sameTag = new RegExp(`<(/?)${tagName}\\b[^>]*>`, "g");
  sameTag.lastIndex = open.index + open[0].length;
  let depth = 1;
  for (let next = sameTag.exec(markup); next; next = sameTag.exec(markup)) {
    depth += next[1] === "/" ? -1 : 1;
    if (depth === 0) return decode(markup.slice(open.index + open[0].length, next.index).replace(/<[^>]+>/g, ""));
  }
  throw new Error(`Unclosed <${tagName}> with id ${id}`);
}

/** The text of every `<a>`, in order, with its href. */
function links(markup: string): Array<[string | null, string]> {
  return [...markup.matchAll(/(<a\b[^>]*>)(.*?)<\/a>/gs)].map(([, openingTag = "", inner = ""]) => [
    attr(openingTag, "href"),
    decode(inner.replace(/<[^>]+>/g, "")),
  ]);
}

describe("ErrorSummary", () => {
  it("links each error to its field and is announced", () => {
    const markup = renderToStaticMarkup(
      <ErrorSummary
        errors={[
          { fieldId: "order-description", message: "Enter a description of the order" },
          { fieldId: "start-date", message: "Start date must be a real date" },
        ]}
      />,
    );
    const summary = tag(markup, "div", 'role="alert"');
    expect(attr(summary, "tabindex")).toBe("-1");
    expect(markup).toContain(">There is a problem</h2>");
    expect(links(markup)).toEqual([
      ["#order-description", "Enter a description of the order"],
      ["#start-date", "Start date must be a real date"],
    ]);
  });

  it("renders nothing without errors; the title prefix follows the errors", () => {
    expect(renderToStaticMarkup(<ErrorSummary errors={[]} />)).toBe("");
    expect(errorTitle("Order details – Buying Catalogue – NHS", true)).toBe("Error: Order details – Buying Catalogue – NHS");
    expect(errorTitle("Order details", false)).toBe("Order details");
  });
});

describe("form fields", () => {
  it("a text input with an error is invalid and described by its hint then its error", () => {
    const markup = renderToStaticMarkup(
      <TextInput id="ods-code" name="odsCode" label="ODS code" hint="For example, A81001" error="Enter an ODS code" defaultValue="A8" />,
    );
    const input = tag(markup, "input", 'id="ods-code"');
    expect(attr(input, "aria-invalid")).toBe("true");
    expect(attr(input, "aria-describedby")).toBe("ods-code-hint ods-code-error");
    expect(attr(input, "value")).toBe("A8");
    expect(textOf(markup, "ods-code-error")).toBe("Error: Enter an ODS code");
    expect(textOf(markup, "ods-code-hint")).toBe("For example, A81001");
    expect(tags(markup, "label", 'for="ods-code"')).toHaveLength(1);
  });

  it("a valid field is neither invalid nor described by an error", () => {
    const input = tag(renderToStaticMarkup(<TextInput id="name" name="name" label="Name" />), "input");
    expect(attr(input, "aria-invalid")).toBeNull();
    expect(attr(input, "aria-describedby")).toBeNull();
  });

  it("a textarea states its limit without enforcing it, and is described by the message", () => {
    const markup = renderToStaticMarkup(
      <Textarea id="summary" name="summary" label="Summary" error="Summary must be 300 characters or fewer" maxLength={300} />,
    );
    const textarea = tag(markup, "textarea");
    expect(attr(textarea, "maxlength")).toBeNull();
    expect(attr(textarea, "aria-invalid")).toBe("true");
    expect(attr(textarea, "aria-describedby")).toBe("summary-error summary-info");
    expect(textOf(markup, "summary-info")).toBe("You can enter up to 300 characters");
  });

  it("radios sit in a fieldset described by the error, and the first radio has the field id", () => {
    const markup = renderToStaticMarkup(
      <Radios
        id="funding"
        name="funding"
        label="How is this order funded?"
        error="Select how the order is funded"
        defaultValue="local"
        items={[
          { value: "central", label: "Central funding" },
          { value: "local", label: "Local funding" },
        ]}
      />,
    );
    expect(attr(tag(markup, "fieldset"), "aria-describedby")).toBe("funding-error");
    expect(markup).toMatch(/<legend[^>]*>How is this order funded\?<\/legend>/);
    const radios = tags(markup, "input", 'type="radio"');
    expect(radios.map((radio) => attr(radio, "id"))).toEqual(["funding", "funding-2"]);
    expect(radios.map((radio) => attr(radio, "checked"))).toEqual([null, ""]);
    expect(radios.map((radio) => attr(radio, "aria-invalid"))).toEqual(["true", "true"]);
  });

  it("a date input names its parts, marks only the wrong part and keeps what was typed", () => {
    const markup = renderToStaticMarkup(
      <DateInput
        id="start-date"
        name="startDate"
        label="Start date"
        error="Start date must include a year"
        errorParts={["year"]}
        defaultValue={{ day: "1", month: "4" }}
      />,
    );
    const inputs = tags(markup, "input");
    expect(inputs.map((input) => [attr(input, "id"), attr(input, "name"), attr(input, "value")])).toEqual([
      ["start-date", "startDate-day", "1"],
      ["start-date-month", "startDate-month", "4"],
      ["start-date-year", "startDate-year", null],
    ]);
    expect(inputs.map((input) => attr(input, "aria-invalid"))).toEqual([null, null, "true"]);
    expect(attr(tag(markup, "fieldset"), "aria-describedby")).toBe("start-date-error");
  });

  it("never renders a required attribute: the server validates", () => {
    const markup = renderToStaticMarkup(
      <>
        <TextInput id="a" name="a" label="A" error="Enter A" />
        <Textarea id="b" name="b" label="B" />
        <Select id="c" name="c" label="C" options={[{ value: "x", label: "X" }]} emptyOption="Choose" />
        <Radios id="d" name="d" label="D" items={[{ value: "y", label: "Yes" }]} />
        <Checkboxes id="e" name="e" label="E" items={[{ value: "z", label: "Z" }]} defaultValue={["z"]} />
        <DateInput id="f" name="f" label="F" />
      </>,
    );
    const controls = [...tags(markup, "input"), ...tags(markup, "textarea"), ...tags(markup, "select")];
    expect(controls).toHaveLength(8);
    for (const control of controls) {
      expect(attr(control, "required")).toBeNull();
      expect(attr(control, "aria-required")).toBeNull();
    }
  });
});

describe("Pagination", () => {
  it("marks the current page and links previous and next", () => {
    const markup = renderToStaticMarkup(
      <Pagination currentPage={5} totalPages={12} href={(page) => `/solutions?q=epr&page=${page}`} />,
    );
    expect(tags(markup, "nav", 'aria-label="Pagination"')).toHaveLength(1);
    const current = tags(markup, "a", 'aria-current="page"');
    expect(current).toHaveLength(1);
    expect(attr(current[0] ?? "", "href")).toBe("/solutions?q=epr&page=5");
    expect(attr(current[0] ?? "", "aria-label")).toBe("Page 5");
    expect(attr(tag(markup, "a", 'rel="prev"'), "href")).toBe("/solutions?q=epr&page=4");
    expect(attr(tag(markup, "a", 'rel="next"'), "href")).toBe("/solutions?q=epr&page=6");
  });

  it("shows first, last and neighbours with gaps, and nothing for a single page", () => {
    expect(pageNumbers(5, 12)).toEqual([1, "gap", 4, 5, 6, "gap", 12]);
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(4, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(renderToStaticMarkup(<Pagination currentPage={1} totalPages={1} href={String} />)).toBe("");
  });
});

describe("Header", () => {
  it("offers log in to visitors", () => {
    const markup = renderToStaticMarkup(<Header actor={null} navigation={[]} csrfToken="" />);
    expect(links(markup)).toContainEqual(["/login", "Log in"]);
    expect(tags(markup, "form")).toHaveLength(0);
  });

  it("logs out with a POST carrying the CSRF token, and marks the current section", () => {
    const markup = renderToStaticMarkup(
      <Header
        actor={{ name: "Priya Shah", organisationName: "Riverside Surgery", roleLabel: "Buyer" }}
        navigation={[
          { href: "/solutions", label: "Solutions", current: true },
          { href: "/orders", label: "Orders" },
        ]}
        csrfToken="token-123"
      />,
    );
    const form = tag(markup, "form");
    expect([attr(form, "method"), attr(form, "action")]).toEqual(["post", "/logout"]);
    expect(attr(tag(markup, "input", 'name="csrf"'), "value")).toBe("token-123");
    expect(markup).toContain("Priya Shah");
    expect(tags(markup, "nav", 'aria-label="Primary navigation"')).toHaveLength(1);
    expect(attr(tag(markup, "a", 'aria-current="page"'), "href")).toBe("/solutions");
    expect(attr(tag(markup, "svg", 'role="img"'), "aria-label")).toBe("NHS");
  });
});

describe("page furniture", () => {
  it("the layout has a skip link to a focusable main, and the footer links", () => {
    const markup = renderToStaticMarkup(
      <PageLayout actor={null} navigation={[]} csrfToken="" beforeContent={<Breadcrumbs items={[{ href: "/", label: "Home" }]} />}>
        <h1>Solutions</h1>
      </PageLayout>,
    );
    expect(links(markup)[0]).toEqual(["#maincontent", "Skip to main content"]);
    expect(attr(tag(markup, "main"), "id")).toBe("maincontent");
    expect(attr(tag(markup, "main"), "tabindex")).toBe("-1");
    expect(tags(markup, "nav", 'aria-label="Breadcrumb"')).toHaveLength(1);
    expect(links(markup)).toEqual(
      expect.arrayContaining([
        ["/accessibility-statement", "Accessibility statement"],
        ["/cookies", "Cookies"],
        ["/contact", "Contact us"],
        ["/api/v1/openapi.json", "Open data API"],
      ]),
    );
  });

  it("a summary list action says what it changes", () => {
    const markup = renderToStaticMarkup(
      <SummaryList
        rows={[
          { key: "Description", value: "Telephony for 4 practices", action: { href: "/orders/C0001/description", label: "Change", visuallyHiddenText: "description" } },
          { key: "Call-off ID", value: "C0001-01" },
        ]}
      />,
    );
    expect(links(markup)).toEqual([["/orders/C0001/description", "Change description"]]);
  });

  it("a task that cannot start yet is not a link; a linked task is described by its status", () => {
    const markup = renderToStaticMarkup(
      <TaskList
        sections={[
          {
            heading: "Prepare your order",
            tasks: [
              { name: "Order description", href: "/orders/1/description", status: "Completed" },
              { name: "Funding", href: "/orders/1/funding", status: "Cannot start yet" },
            ],
          },
        ]}
      />,
    );
    expect(links(markup).map(([href]) => href)).toEqual(["/orders/1/description"]);
    const statusId = attr(tag(markup, "a"), "aria-describedby") ?? "";
    expect(textOf(markup, statusId)).toBe("Completed");
  });
});
