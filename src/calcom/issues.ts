// Turns a zod failure into one short line for an error message: where it failed and why, never the values.
import type { z } from 'zod/v4';

type Issue = z.core.$ZodIssue;

/** A union failure hides its reasons per branch; the branch that got furthest is the one the data meant to match. */
function closestBranch(branches: Issue[][]): Issue[] | undefined {
  const score = (branch: Issue[]) => branch.length * 2 + (branch.every((i) => i.path.length === 0) ? 1 : 0);
  return branches.reduce<Issue[] | undefined>((best, b) => (best === undefined || score(b) < score(best) ? b : best), undefined);
}

function leaves(issues: readonly Issue[], prefix: readonly PropertyKey[]): Array<{ path: PropertyKey[]; message: string }> {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const branch = issue.code === 'invalid_union' ? closestBranch(issue.errors) : undefined;
    return branch ? leaves(branch, path) : [{ path, message: issue.message }];
  });
}

export function describeIssues(error: z.ZodError, max = 3): string {
  const all = leaves(error.issues, []);
  const shown = all.slice(0, max).map((l) => `${l.path.map(String).join('.') || '(root)'}: ${l.message}`);
  const more = all.length > shown.length ? ` (and ${all.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}
