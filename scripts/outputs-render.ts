/**
 * Renders a synthesized output value (cdk.tf.json) as the operator will read it, before apply:
 * Terraform's template escapes ($${, %%{) become the literal text, and each interpolation
 * ${...} becomes either a marked placeholder (<aws_subnet.x.id>) or, for tests that feed the
 * text to real tools, a realistic example value of the same shape. Only the expressions this
 * project's outputs use are known; any other is left as a marked placeholder in both modes.
 */

export type RenderMode = 'placeholder' | 'example';

export interface RenderContext {
  readonly region: string;
  readonly accountId: string;
  /**
   * Example of `data.terraform_remote_state.<state>.outputs.<output>` (peering and failback stacks read
   * their upstream stacks' outputs): the producing stack's output rendered in its own region and account.
   * Without it such a reference stays a marked placeholder.
   */
  readonly remoteOutput?: (state: string, output: string) => string | undefined;
}

/** Example values shaped like the real ones (AWS id formats), fixed so renders are deterministic. */
export function exampleValue(expr: string, ctx: RenderContext): string | undefined {
  const remote = /^data\.terraform_remote_state\.(\w+)\.outputs\.(\w+)$/.exec(expr);
  if (remote) return ctx.remoteOutput?.(remote[1], remote[2]);
  const replace = /^replace\((.+), "\*\.", ""\)$/.exec(expr);
  if (replace) return exampleValue(replace[1], ctx)?.replace(/^\*\./, '');
  const dns = /^aws_vpc_endpoint\.(\w+)\.dns_entry\[0\]\.dns_name$/.exec(expr);
  if (dns) {
    const service = dns[1].replace(/^endpoints_/, '').replace(/_interface$/, '');
    return service === 's3'
      ? `*.vpce-0a1b2c3d4e5f60718-k2mzq3fj.s3.${ctx.region}.vpce.amazonaws.com`
      : `vpce-0123456789abcdef0-x1y2z3w4.${service}.${ctx.region}.vpce.amazonaws.com`;
  }
  const attr = /^(aws_[a-z0-9_]+)\.[A-Za-z0-9_]+\.(id|arn|name)$/.exec(expr);
  if (!attr) return undefined;
  const [, type, field] = attr;
  if (type === 'aws_kms_key' && field === 'arn') return `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const prefixes: Record<string, string> = {
    aws_subnet: 'subnet',
    aws_security_group: 'sg',
    aws_vpc: 'vpc',
    aws_vpc_endpoint: 'vpce',
    aws_route_table: 'rtb',
    aws_route53_resolver_endpoint: 'rslvr-in',
    aws_ec2_transit_gateway_vpc_attachment: 'tgw-attach',
  };
  if (field === 'id' && prefixes[type]) return `${prefixes[type]}-0123456789abcdef0`;
  if (type === 'aws_route53_zone') return 'Z0123456789ABCDEFGHIJ';
  return undefined;
}

/** The end of the interpolation that starts at `open` (the "{"), honouring nested braces and strings. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

export function renderTemplate(text: string, mode: RenderMode, ctx: RenderContext): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if ((text.startsWith('$${', i) || text.startsWith('%%{', i))) {
      out += `${text[i]}{`;
      i += 2;
    } else if (text.startsWith('${', i)) {
      const end = closing(text, i + 1);
      if (end < 0) return out + text.slice(i);
      const expr = text.slice(i + 2, end).trim();
      const example = mode === 'example' ? exampleValue(expr, ctx) : undefined;
      out += example ?? `<${expr}>`;
      i = end;
    } else out += text[i];
  }
  return out;
}

/** Any output value (string, list, map), rendered member by member. */
export function renderValue(value: unknown, mode: RenderMode, ctx: RenderContext): unknown {
  if (typeof value === 'string') return renderTemplate(value, mode, ctx);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, mode, ctx));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, mode, ctx)]));
  return value;
}
