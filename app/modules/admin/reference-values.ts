import type { EpicLevel, ReferenceStatus } from "../../../generated/prisma/enums";

/** The values capability and epic forms offer; plain constants, so pages can render them in the browser too. */
export const REFERENCE_STATUSES = ["ACTIVE", "EXPIRED"] as const satisfies readonly ReferenceStatus[];
export const EPIC_LEVELS = ["MUST", "SHOULD", "MAY"] as const satisfies readonly EpicLevel[];
