/**
 * Stacks in deploy order: each after the stacks it depends on. Which stack owns an account's roles
 * follows stable keys (ownership.ts), not the order of the file, so an owner may be listed after a
 * stack that waits for it; this moves each such stack behind its inputs and keeps the rest as given.
 */
import type { StackPlan } from './types';

export function deployOrder(stacks: readonly StackPlan[]): StackPlan[] {
  const known = new Set(stacks.map((s) => s.name));
  const placed = new Set<string>();
  const ordered: StackPlan[] = [];
  const pending = [...stacks];
  while (pending.length) {
    // The first stack, in the order given, whose inputs are all placed.
    const next = pending.findIndex((s) => s.dependsOn.every((d) => placed.has(d) || !known.has(d)));
    if (next < 0) throw new Error(`stacks depend on each other in a cycle: ${pending.map((s) => s.name).join(', ')}`);
    const [stack] = pending.splice(next, 1);
    placed.add(stack.name);
    ordered.push(stack);
  }
  return ordered;
}
