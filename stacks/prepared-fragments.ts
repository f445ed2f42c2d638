/**
 * Resolve each Terraform element once per synthesis instead of twice, with the same output.
 *
 * cdktf's App.synth() first prepares every stack (TerraformStack.prepareStack: each element's
 * toTerraform() resolved with `preparing: true`, which is when cross-stack references register
 * their outputs and remote-state readers), then synthesizes every stack (TerraformStack.
 * toTerraform: each element's toTerraform() resolved again, merged, and the whole resolved once
 * more). The two element passes compute the same fragment -- a reference that registered
 * across stacks resolves to the same remote-state expression in both -- and profiling the
 * bench's 6 x 3 synth (README, "Speed") put each at about a quarter of the run.
 *
 * installPreparedFragments() keeps the fragment the preparing pass resolved for each element and
 * hands it to the stack's toTerraform() in place of a second toTerraform() + resolve(). Only
 * elements the preparing pass saw are reused (elements it added, such as cross-stack outputs,
 * take cdktf's path), each fragment once, and never for a stack where an aspect is registered
 * when it prepares: aspects run between the two passes and may change an element (an aspect can
 * only be added during synthesis by another aspect, so none is missed). CDK Terrain's
 * prepareStack also resolves each element with `preparing: true` (its _runPreparingResolve), so
 * both engines share this. test/prepared-fragments.test.ts compares the synthesized bytes of
 * every environment and scenario with and without it.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
type Resolve = (scope: unknown, obj: unknown, preparing?: boolean) => unknown;
interface Element {
  toTerraform(): unknown;
}
interface Construct {
  node: { children: Construct[]; findAll(): Construct[] };
}
interface StackPrototype {
  prepareStack(this: Construct): void;
  toTerraform(this: Construct): unknown;
}
interface Internals {
  tokens: { resolve: Resolve };
  TerraformStack: { prototype: StackPrototype; isStack(x: unknown): boolean };
  TerraformElement: { isTerraformElement(x: unknown): boolean };
  Aspects: { of(x: Construct): { all: readonly unknown[] } };
}

function internals(): Internals {
  const cdktf = require('cdktf');
  return { tokens: require('cdktf/lib/_tokens'), TerraformStack: cdktf.TerraformStack, TerraformElement: cdktf.TerraformElement, Aspects: cdktf.Aspects };
}

const INSTALLED = Symbol.for('private-dr.prepared-fragments');
type Installed = { resolve: Resolve; prepareStack: StackPrototype['prepareStack']; toTerraform: StackPrototype['toTerraform'] };

/** Installs once per engine instance; returns false when it was already installed. */
export function installPreparedFragments(from: Internals = internals()): boolean {
  const { tokens, TerraformStack, TerraformElement, Aspects } = from;
  const proto = TerraformStack.prototype as StackPrototype & { [INSTALLED]?: Installed };
  if (proto[INSTALLED]) return false;
  const original: Installed = { resolve: tokens.resolve, prepareStack: proto.prepareStack, toTerraform: proto.toTerraform };

  /**
   * The stack's own elements, as cdktf's terraformElements() walks them (not into nested stacks),
   * or undefined when a construct there has an aspect.
   */
  const elementsOf = (stack: Construct): Element[] | undefined => {
    const out: Element[] = [];
    let aspects = false;
    const visit = (c: Construct) => {
      if (Aspects.of(c).all.length) aspects = true;
      if (TerraformElement.isTerraformElement(c)) out.push(c as unknown as Element);
      for (const child of c.node.children) if (!TerraformStack.isStack(child)) visit(child);
    };
    visit(stack);
    return aspects ? undefined : out;
  };

  const prepared = new WeakMap<Construct, Map<Element, unknown>>();
  /** While a stack prepares: which element produced each raw fragment, and what it resolved to. */
  let preparing: { owner: Map<unknown, Element>; resolved: Map<Element, unknown> } | undefined;
  /** Fragments handed to toTerraform(), already resolved: resolve() returns them as they are. */
  const reused = new WeakSet<object>();
  /** The stack whose toTerraform() is running on prepared fragments, and how many of them cdktf has not resolved yet. */
  let assembling: Construct | undefined;
  let pending = 0;
  /**
   * cdktf's last step resolves the whole stack again: `{ "//": { metadata, outputs }, ...merged
   * fragments, ...rawOverrides }`. Once every fragment was resolved (they were: handed out above),
   * the metadata was resolved by cdktf just before and the outputs are names, only the stack's raw
   * overrides can still hold a token. When resolving those returns them unchanged -- the fast
   * walker (stacks/fast-resolve.ts) returns plain values as they are; cdktf's own resolve always
   * copies, so without the walker this never applies -- the whole is already resolved and is
   * returned as it is: resolving resolved output changes nothing, which cdktf itself relies on
   * when it resolves fragments it has just resolved.
   */
  const isAssembledStack = (obj: unknown): boolean => {
    const meta = (obj as { '//'?: unknown } | null)?.['//'];
    return typeof meta === 'object' && meta !== null && 'metadata' in meta && 'outputs' in meta;
  };
  const overridesArePlain = (stack: unknown): boolean => {
    const overrides = (stack as { rawOverrides?: unknown }).rawOverrides;
    return overrides === undefined || original.resolve(stack, overrides, false) === overrides;
  };

  tokens.resolve = (scope, obj, isPreparing = false) => {
    if (!isPreparing && typeof obj === 'object' && obj !== null && reused.has(obj)) {
      reused.delete(obj);
      pending--;
      return obj;
    }
    if (!isPreparing && scope === assembling && pending === 0 && isAssembledStack(obj) && overridesArePlain(scope)) return obj;
    const result = original.resolve(scope, obj, isPreparing);
    const element = isPreparing ? preparing?.owner.get(obj) : undefined;
    if (element) preparing!.resolved.set(element, result);
    return result;
  };

  proto.prepareStack = function prepareStack(this: Construct) {
    const owner = new Map<unknown, Element>();
    const resolved = new Map<Element, unknown>();
    const all = elementsOf(this);
    if (!all) return original.prepareStack.call(this);
    // An element with its own toTerraform property is left alone (and so takes cdktf's path).
    const elements = all.filter((e) => !Object.prototype.hasOwnProperty.call(e, 'toTerraform'));
    for (const e of elements) {
      const own = e.toTerraform;
      e.toTerraform = function toTerraform(this: Element) {
        const raw = own.call(this);
        owner.set(raw, this);
        return raw;
      };
    }
    const outer = preparing;
    preparing = { owner, resolved };
    try {
      original.prepareStack.call(this);
    } finally {
      preparing = outer;
      for (const e of elements) delete (e as Partial<Element>).toTerraform;
    }
    prepared.set(this, resolved);
  };

  proto.toTerraform = function toTerraform(this: Construct) {
    const resolved = prepared.get(this);
    prepared.delete(this);
    if (!resolved) return original.toTerraform.call(this);
    for (const [e, fragment] of resolved) {
      e.toTerraform = () => {
        delete (e as Partial<Element>).toTerraform;
        // (A fragment that is no object is resolved by cdktf again and keeps the last pass too.)
        if (typeof fragment === 'object' && fragment !== null) reused.add(fragment);
        return fragment;
      };
    }
    const outer = { assembling, pending };
    assembling = this;
    pending = resolved.size;
    try {
      return original.toTerraform.call(this);
    } finally {
      ({ assembling, pending } = outer);
      for (const e of resolved.keys()) delete (e as Partial<Element>).toTerraform;
    }
  };
  proto[INSTALLED] = original;
  return true;
}

/** Puts cdktf's own functions back (tests compare both). */
export function uninstallPreparedFragments(from: Internals = internals()): void {
  const proto = from.TerraformStack.prototype as StackPrototype & { [INSTALLED]?: Installed };
  const original = proto[INSTALLED];
  if (!original) return;
  from.tokens.resolve = original.resolve;
  proto.prepareStack = original.prepareStack;
  proto.toTerraform = original.toTerraform;
  delete proto[INSTALLED];
}
