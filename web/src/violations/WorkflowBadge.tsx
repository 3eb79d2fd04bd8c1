import type { Violation } from "../api/types";
import { workflowOf } from "./status";

const STYLE = {
  new: "bg-rose-900 text-rose-100",
  acknowledged: "bg-amber-900 text-amber-100",
  resolved: "bg-emerald-900 text-emerald-100",
} as const;

export function WorkflowBadge({ violation }: { violation: Violation }) {
  const workflow = workflowOf(violation);
  return (
    <span
      data-testid="workflow"
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${STYLE[workflow]}`}
    >
      {workflow}
    </span>
  );
}
