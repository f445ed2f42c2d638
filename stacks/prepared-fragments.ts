/**
 * Resolve each Terraform element once per synthesis instead of twice, with the same output.
 *
 * cdktf's App.synth() first prepares every stack (TerraformStack.prepareStack: each element's
 * toTerraform() resolved with `preparing: true`, which is when cross-stack references register
 * their outputs and remote-state readers), then synthesizes every stack (TerraformStack.
 * toTerraform: each element's toTerraform() resolved again, merged, and the whole resolved once
 * more); profiling the bench's 6 x 3 synth (README, "Speed") put each element pass at about a
 * quarter of the run. installPreparedFragments() keeps what the preparing pass resolved for each
 * element and hands it to the stack's toTerraform() in place of the second toTerraform() +
 * resolve(), and skips the last whole-stack resolve when nothing in it can still be a token.
 *
 * The second pass computes the same fragment only when nothing it reads changed after the first,
 * so fragments are kept only within one App.synth() call, and not at all in a synthesis where:
 * - a construct has an aspect: aspects run between the two passes and may change an element;
 * - a stack is nested in another (its elements are also visited by the outer stack's aspects);
 * - a construct has custom synthesis (assets): it runs between the passes;
 * - a cross-stack reference registers: it adds outputs, readers and dependencies to stacks that
 *   may have prepared already, which anything lazy could read;
 * and no element keeps its fragment whose resolution resolved a token other than cdktf's own
 * expressions (Intrinsic: references, property access, function calls, ...): a Lazy or a custom
 * token may return something else each time. Elements the preparing pass did not see (such as
 * cross-stack outputs) take cdktf's path. private-dr's stacks have none of these, so every element
 * is reused there. CDK Terrain's prepareStack resolves each element with `preparing: true` too
 * (its _runPreparingResolve), and records the functions and provider features an element uses in
 * that pass, which its validations read before toTerraform(); so both engines share this.
 * test/prepared-fragments.test.ts compares the synthesized bytes of every environment and
 * scenario with and without it, and covers each exclusion above.
 */
import { isPlainString } from './fast-resolve';

/* eslint-disable @typescript-eslint/no-require-imports */
type Resolve = (scope: unknown, obj: unknown, preparing?: boolean) => unknown;
interface Element {
  toTerraform(): unknown;
}
interface Construct {
  node: { children: Construct[]; findAll(): Construct[]; scopes: Construct[] };
}
interface StackPrototype {
  prepareStack(this: Construct): void;
  toTerraform(this: Construct): unknown;
}
interface AppPrototype {
  synth(this: Construct): void;
  crossStackReference(this: Construct, ...args: unknown[]): unknown;
}
interface ResolverPrototype {
  resolveToken(t: unknown, ...rest: unknown[]): unknown;
}
interface Internals {
  tokens: { resolve: Resolve };
  App: { prototype: AppPrototype };
  TerraformStack: { prototype: StackPrototype; isStack(x: unknown): boolean };
  TerraformElement: { isTerraformElement(x: unknown): boolean };
  Aspects: { of(x: Construct): { all: readonly unknown[] } };
  Token: { isUnresolved(x: unknown): boolean; STRING_MAP_TOKEN_VALUE: string; ANY_MAP_TOKEN_VALUE: string; NUMBER_MAP_TOKEN_VALUE: number };
  Tokenization: { isResolvable(x: unknown): boolean };
  DefaultTokenResolver: { prototype: ResolverPrototype };
  Intrinsic: abstract new (...args: never[]) => unknown;
}

function internals(): Internals {
  const cdktf = require('cdktf');
  return {
    tokens: require('cdktf/lib/_tokens'),
    App: cdktf.App,
    TerraformStack: cdktf.TerraformStack,
    TerraformElement: cdktf.TerraformElement,
    Aspects: cdktf.Aspects,
    Token: cdktf.Token,
    Tokenization: cdktf.Tokenization,
    DefaultTokenResolver: cdktf.DefaultTokenResolver,
    Intrinsic: require('cdktf/lib/tokens/private/intrinsic').Intrinsic,
  };
}

/** cdktf's custom-synthesis marker (synthesize/synthesizer.js), set by assets. */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');
const INSTALLED = Symbol.for('private-dr.prepared-fragments');
type Installed = {
  resolve: Resolve;
  synth: AppPrototype['synth'];
  crossStackReference: AppPrototype['crossStackReference'];
  resolveToken: ResolverPrototype['resolveToken'];
  prepareStack: StackPrototype['prepareStack'];
  toTerraform: StackPrototype['toTerraform'];
};

/** One App.synth() call: whether fragments may be reused in it, and those kept so far, by stack. */
interface Synthesis {
  reuse: boolean;
  readonly prepared: Map<Construct, Map<Element, unknown>>;
}

/** Installs once per engine instance; returns false when it was already installed. */
export function installPreparedFragments(from: Internals = internals()): boolean {
  const { tokens, App, TerraformStack, TerraformElement, Aspects, Token, Tokenization, DefaultTokenResolver, Intrinsic } = from;
  const proto = TerraformStack.prototype as StackPrototype & { [INSTALLED]?: Installed };
  if (proto[INSTALLED]) return false;
  const original: Installed = {
    resolve: tokens.resolve,
    synth: App.prototype.synth,
    crossStackReference: App.prototype.crossStackReference,
    resolveToken: DefaultTokenResolver.prototype.resolveToken,
    prepareStack: proto.prepareStack,
    toTerraform: proto.toTerraform,
  };

  let synthesis: Synthesis | undefined;
  /** While one element's fragment resolves in the preparing pass: whether a token other than cdktf's expressions resolved. */
  let impure = false;
  /** While a stack prepares: which element produced each raw fragment, and what it resolved to. */
  let preparing: { owner: Map<unknown, Element>; resolved: Map<Element, unknown> } | undefined;
  /** Fragments handed to toTerraform(), already resolved: resolve() returns them as they are. */
  const reused = new WeakSet<object>();
  /** The stack whose toTerraform() runs on kept fragments, and how many of them cdktf has not resolved yet. */
  let assembling: Construct | undefined;
  let pending = 0;

  /** Whether this synthesis may reuse fragments at all (see the file comment). */
  const reusable = (app: Construct): boolean =>
    app.node.findAll().every((c) => {
      if (Aspects.of(c).all.length || (c as { [CUSTOM_SYNTHESIS]?: unknown })[CUSTOM_SYNTHESIS] !== undefined) return false;
      return !TerraformStack.isStack(c) || c.node.scopes.filter((s) => TerraformStack.isStack(s)).length === 1;
    });

  /** The stack's own elements, as cdktf's terraformElements() walks them (not into nested stacks). */
  const elementsOf = (stack: Construct): Element[] => {
    const out: Element[] = [];
    const visit = (c: Construct) => {
      if (TerraformElement.isTerraformElement(c)) out.push(c as unknown as Element);
      for (const child of c.node.children) if (!TerraformStack.isStack(child)) visit(child);
    };
    visit(stack);
    return out;
  };

  /**
   * Whether resolving `v` can change nothing but drop undefined values: no token of any kind (the
   * markers, an encoded number, a map sentinel, a resolvable), only plain arrays and objects.
   */
  const plain = (v: unknown): boolean => {
    switch (typeof v) {
      case 'string':
        return isPlainString(v, Token);
      case 'number':
        return v !== Token.NUMBER_MAP_TOKEN_VALUE && !Token.isUnresolved(v);
      case 'boolean':
        return true;
      case 'object':
        if (v === null) return true;
        if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype && v.every(plain);
        return Object.getPrototypeOf(v) === Object.prototype && !Tokenization.isResolvable(v) && Object.entries(v).every(([k, x]) => plain(k) && plain(x));
      default:
        return false;
    }
  };
  /**
   * cdktf's last step resolves the whole stack again: `{ "//": { metadata, outputs }, ...merged
   * fragments, ...rawOverrides }`. Once every kept fragment was handed back (they are resolved),
   * the rest merged from elements cdktf resolved just before, the metadata resolved too and the
   * outputs are names, only the stack's raw overrides can still hold a token; when they hold none,
   * resolving the whole changes nothing that is written (it drops undefined values, which
   * serializing drops as well), and it is returned as it is.
   */
  const isAssembledStack = (obj: unknown): boolean => {
    const meta = (obj as { '//'?: unknown } | null)?.['//'];
    return typeof meta === 'object' && meta !== null && 'metadata' in meta && 'outputs' in meta;
  };

  tokens.resolve = (scope, obj, isPreparing = false) => {
    if (!isPreparing && typeof obj === 'object' && obj !== null && reused.has(obj)) {
      reused.delete(obj);
      pending--;
      return obj;
    }
    if (!isPreparing && scope === assembling && pending === 0 && isAssembledStack(obj) && plain((scope as { rawOverrides?: unknown }).rawOverrides ?? {})) return obj;
    const element = isPreparing ? preparing?.owner.get(obj) : undefined;
    if (!element) return original.resolve(scope, obj, isPreparing);
    const outer = impure;
    impure = false;
    try {
      const result = original.resolve(scope, obj, isPreparing);
      if (!impure) preparing!.resolved.set(element, result);
      return result;
    } finally {
      impure = outer;
    }
  };

  DefaultTokenResolver.prototype.resolveToken = function resolveToken(this: unknown, t: unknown, ...rest: unknown[]) {
    if (!(t instanceof Intrinsic)) impure = true;
    return original.resolveToken.call(this, t, ...rest);
  };

  App.prototype.synth = function synth(this: Construct) {
    const outer = synthesis;
    synthesis = { reuse: reusable(this), prepared: new Map() };
    try {
      return original.synth.call(this);
    } finally {
      synthesis = outer;
    }
  };

  App.prototype.crossStackReference = function crossStackReference(this: Construct, ...args: unknown[]) {
    if (synthesis) synthesis.reuse = false;
    return original.crossStackReference.apply(this, args);
  };

  proto.prepareStack = function prepareStack(this: Construct) {
    if (!synthesis?.reuse) return original.prepareStack.call(this);
    const owner = new Map<unknown, Element>();
    const resolved = new Map<Element, unknown>();
    // An element with its own toTerraform property is left alone (and so takes cdktf's path).
    const elements = elementsOf(this).filter((e) => !Object.prototype.hasOwnProperty.call(e, 'toTerraform'));
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
    synthesis.prepared.set(this, resolved);
  };

  proto.toTerraform = function toTerraform(this: Construct) {
    const resolved = synthesis?.reuse ? synthesis.prepared.get(this) : undefined;
    synthesis?.prepared.delete(this);
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
  from.App.prototype.synth = original.synth;
  from.App.prototype.crossStackReference = original.crossStackReference;
  from.DefaultTokenResolver.prototype.resolveToken = original.resolveToken;
  proto.prepareStack = original.prepareStack;
  proto.toTerraform = original.toTerraform;
  delete proto[INSTALLED];
}
