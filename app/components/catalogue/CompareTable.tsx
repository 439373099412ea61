import { AppLink, Tag } from "~/components/nhs";
import type { CompareSection } from "~/modules/catalogue/compare";

/**
 * One table per section; the solutions are columns. Rows where the solutions differ carry a
 * "Differs" tag in their header (in words, not only colour) and a tinted background.
 */
export function CompareTable({
  solutions,
  sections,
  onlyDifferences,
  removeHref,
}: {
  solutions: { id: string; name: string }[];
  sections: CompareSection[];
  onlyDifferences: boolean;
  removeHref: (id: string) => string;
}) {
  return (
    <>
      {sections.map((section) => {
        const rows = onlyDifferences && solutions.length > 1 ? section.rows.filter((r) => r.differs) : section.rows;
        if (rows.length === 0) return null;
        return (
          <div key={section.title} role="region" aria-label={section.title} tabIndex={0} className="mb-10 overflow-x-auto focus:outline focus:outline-4 focus:outline-focus">
            <table className="w-full table-fixed border-collapse bg-white">
              <caption className="mb-4 text-left text-22 font-bold tablet:text-26">{section.title}</caption>
              <thead>
                <tr>
                  <td className="w-1/4 border-b-2 border-grey-3 p-2" />
                  {solutions.map((s) => (
                    <th key={s.id} scope="col" className="border-b-2 border-grey-3 p-2 text-left align-bottom">
                      <AppLink href={`/solutions/${s.id}`}>{s.name}</AppLink>
                      <span className="block text-14 font-normal">
                        <AppLink href={removeHref(s.id)}>
                          Remove<span className="sr-only"> {s.name} from the comparison</span>
                        </AppLink>
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.label} className={row.differs ? "bg-yellow-pale" : undefined}>
                    <th scope="row" className="border-b border-grey-4 p-2 text-left align-top text-16">
                      {row.label}
                      {row.differs && solutions.length > 1 ? (
                        <>
                          {" "}
                          <Tag colour="yellow">Differs</Tag>
                        </>
                      ) : null}
                    </th>
                    {row.cells.map((cell, i) => (
                      <td key={solutions[i]?.id ?? i} className="border-b border-grey-4 p-2 align-top text-16">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}
