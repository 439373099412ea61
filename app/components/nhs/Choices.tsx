import type { ReactNode } from "react";
import { cx } from "./cx";

export interface ChoiceItem {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

interface ChoicesProps {
  type: "radio" | "checkbox";
  /** The first item takes this id (the error summary links to it); the rest `${id}-2`, `${id}-3`… */
  id: string;
  name: string;
  items: ChoiceItem[];
  checkedValues: readonly string[];
  inline?: boolean;
  invalid: boolean;
}

export const choiceId = (id: string, index: number) => (index === 0 ? id : `${id}-${index + 1}`);

/** NHS-sized (40px) radios or checkboxes; shared by Radios and Checkboxes. */
export function Choices({ type, id, name, items, checkedValues, inline = false, invalid }: ChoicesProps) {
  return (
    <div className={inline ? "flex flex-wrap gap-x-6" : undefined}>
      {items.map((item, index) => {
        const itemId = choiceId(id, index);
        const itemHintId = `${itemId}-item-hint`;
        return (
          <div key={item.value} className="relative mb-2 min-h-10 pl-[3.25rem] last:mb-0">
            <input
              id={itemId}
              name={name}
              type={type}
              value={item.value}
              defaultChecked={checkedValues.includes(item.value)}
              aria-describedby={item.hint ? itemHintId : undefined}
              aria-invalid={invalid ? true : undefined}
              className={cx(
                "peer absolute left-0 top-0 m-0 h-10 w-10 cursor-pointer appearance-none border-2 border-text bg-white",
                "focus:border-4 focus:outline focus:outline-4 focus:outline-offset-0 focus:outline-focus",
                type === "radio" && "rounded-full",
              )}
            />
            {type === "radio" ? (
              // Drawn with a border, not a background, so it stays visible in forced-colours mode.
              <span
                aria-hidden="true"
                className="pointer-events-none absolute left-[10px] top-[10px] h-5 w-5 rounded-full border-10 border-text opacity-0 peer-checked:opacity-100"
              />
            ) : (
              <svg
                aria-hidden="true"
                focusable="false"
                viewBox="0 0 40 40"
                className="pointer-events-none absolute left-0 top-0 h-10 w-10 text-text opacity-0 peer-checked:opacity-100"
              >
                <path d="M11 20.5l6 6 12-13" fill="none" stroke="currentColor" strokeWidth="4" />
              </svg>
            )}
            <label htmlFor={itemId} className="block cursor-pointer touch-manipulation py-2">
              {item.label}
            </label>
            {item.hint ? (
              <div id={itemHintId} className="mb-2 text-text-secondary">
                {item.hint}
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
