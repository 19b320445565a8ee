import type { ReactNode } from "react";

/**
 * A table that may scroll sideways on a phone. The scrolling region must be
 * reachable by keyboard and named for screen readers, so it is focusable and
 * labelled by the heading of its section.
 */
export function TableRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
