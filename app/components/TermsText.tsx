/**
 * Terms of use as staff wrote them: plain text, a blank line between paragraphs and a line
 * starting "## " for a heading. Rendered as text (React escapes it), never as markup.
 */
export function TermsText({ body }: { body: string }) {
  const blocks = body.split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean);
  return (
    <div className="mb-8 border-l-4 border-grey-4 pl-4">
      {blocks.map((block, index) =>
        block.startsWith("## ") ? <h2 key={index}>{block.slice(3)}</h2> : <p key={index} className="whitespace-pre-line">{block}</p>,
      )}
    </div>
  );
}
