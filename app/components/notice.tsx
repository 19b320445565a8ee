import type { ReactNode } from "react";

interface NoticeProps {
  children: ReactNode;
  /** Errors are announced at once (role "alert"); anything else waits its turn (role "status"). */
  tone?: "error" | "success";
  id?: string;
}

/** A message about the page or a form as a whole, such as "saved" or why a change was refused. */
export function Notice({ children, tone, id }: NoticeProps) {
  return (
    <div className={tone ? `notice notice--${tone}` : "notice"} id={id} role={tone === "error" ? "alert" : "status"}>
      <p>{children}</p>
    </div>
  );
}
