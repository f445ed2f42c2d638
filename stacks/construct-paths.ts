/**
 * constructs 10.4 (cdktf 0.21's) computes `node.path` on every read: it walks the scope chain up
 * to the root and joins the ids. cdktf reads it per element and per token far more often than the
 * tree changes -- every resource's terraformMetaArguments builds an assertion message with it,
 * every Reference resolution names its stack with it -- and the bench's 6 x 3 synth (README,
 * "Speed") spent a few per cent of its profile there. A construct's id and scope are fixed when it
 * is created, so its path is too: installMemoizedPaths() remembers each one on first read
 * (constructs itself does the same for `node.addr`). constructs 10.7 (CDK Terrain's) stores the
 * path when a construct is created; there this finds no getter and changes nothing.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
interface NodeClass {
  prototype: object;
}

const ORIGINAL = Symbol.for('private-dr.construct-paths');

function nodeClass(): NodeClass {
  return require('constructs').Node;
}

/** Installs once per constructs instance; returns false when it was already installed. */
export function installMemoizedPaths(Node: NodeClass = nodeClass()): boolean {
  const proto = Node.prototype as { [ORIGINAL]?: PropertyDescriptor };
  if (proto[ORIGINAL]) return false;
  const original = Object.getOwnPropertyDescriptor(Node.prototype, 'path');
  if (!original?.get || !original.configurable) return false;
  const read = original.get;
  const paths = new WeakMap<object, string>();
  Object.defineProperty(Node.prototype, 'path', {
    configurable: true,
    enumerable: original.enumerable,
    get(this: object) {
      let path = paths.get(this);
      if (path === undefined) {
        path = read.call(this) as string;
        paths.set(this, path);
      }
      return path;
    },
  });
  proto[ORIGINAL] = original;
  return true;
}

/** Puts constructs' own getter back (tests compare both). */
export function uninstallMemoizedPaths(Node: NodeClass = nodeClass()): void {
  const proto = Node.prototype as { [ORIGINAL]?: PropertyDescriptor };
  const original = proto[ORIGINAL];
  if (!original) return;
  Object.defineProperty(Node.prototype, 'path', original);
  delete proto[ORIGINAL];
}
