import { useId } from "react";
import { AppLink } from "./AppLink";
import { Tag, type TagColour } from "./Tag";

export type TaskStatus = "Completed" | "Incomplete" | "Not started" | "Cannot start yet";

export interface Task {
  name: string;
  /** Left out, or ignored when the task cannot start yet: the name is then plain text. */
  href?: string;
  status: TaskStatus;
  hint?: string;
}

export interface TaskListSection {
  heading: string;
  tasks: Task[];
}

const statusColour: Record<TaskStatus, TagColour> = {
  Completed: "green",
  Incomplete: "yellow",
  "Not started": "blue",
  "Cannot start yet": "grey",
};

/** Numbered sections of tasks; each row is one link (the whole row is clickable). */
export function TaskList({ sections }: { sections: TaskListSection[] }) {
  const idPrefix = useId();
  return (
    <ol className="m-0 mb-8 list-none p-0">
      {sections.map((section, sectionIndex) => (
        <li key={section.heading} className="mb-8 tablet:mb-12">
          <h2 className="mb-4 text-22 tablet:text-26">
            {sectionIndex + 1}. {section.heading}
          </h2>
          <ul className="m-0 list-none border-t border-grey-4 p-0">
            {section.tasks.map((task, taskIndex) => {
              const taskId = `${idPrefix}-${sectionIndex}-${taskIndex}`;
              const hintId = task.hint ? `${taskId}-hint` : null;
              const statusId = `${taskId}-status`;
              const href = task.status === "Cannot start yet" ? undefined : task.href;
              return (
                <li
                  key={task.name}
                  className="relative flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-grey-4 py-3"
                >
                  <div>
                    {href ? (
                      <AppLink
                        href={href}
                        aria-describedby={[hintId, statusId].filter(Boolean).join(" ")}
                        className="after:absolute after:inset-0 after:content-['']"
                      >
                        {task.name}
                      </AppLink>
                    ) : (
                      <span className={task.status === "Cannot start yet" ? "text-text-secondary" : undefined}>
                        {task.name}
                      </span>
                    )}
                    {hintId ? (
                      <div id={hintId} className="text-16 text-text-secondary">
                        {task.hint}
                      </div>
                    ) : null}
                  </div>
                  <div id={statusId}>
                    <Tag colour={statusColour[task.status]}>{task.status}</Tag>
                  </div>
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}
