// The provider schema the stand-in serves: the real hashicorp/aws resource, data source and
// ephemeral schemas (from `terraform providers schema -json` output kept in shared/), plus the
// `provider "aws"` block, which that dump lacks and which is read back from the generated
// cdktf bindings. Encoding ~2,200 schemas takes a while, so the encoded responses are cached
// on disk keyed by the inputs.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetMetadataResponse, GetProviderSchemaResponse } from './messages';
import { encodeMessage, type Msg } from './protobuf';

export interface JsonAttribute {
  type?: unknown;
  nested_type?: { attributes: Record<string, JsonAttribute>; nesting_mode: string };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}

export interface JsonBlockType {
  nesting_mode: string;
  block: JsonBlock;
  min_items?: number;
  max_items?: number;
}

export interface JsonBlock {
  attributes?: Record<string, JsonAttribute>;
  block_types?: Record<string, JsonBlockType>;
  deprecated?: boolean;
}

export interface JsonSchema {
  version?: number;
  block: JsonBlock;
}

export interface ProviderSchemas {
  resource_schemas: Record<string, JsonSchema>;
  data_source_schemas: Record<string, JsonSchema>;
  ephemeral_resource_schemas?: Record<string, JsonSchema>;
}

export const SCHEMA_FILE = 'aws-provider-6.25.0.schema.json.gz';
const PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/aws';
/** Bump when the encoding below changes, so stale caches are not served. */
const ENCODING_VERSION = '1';

export function loadProviderSchemas(gzPath: string): ProviderSchemas {
  const doc = JSON.parse(gunzipSync(readFileSync(gzPath)).toString('utf8')) as {
    provider_schemas: Record<string, ProviderSchemas>;
  };
  const schemas = doc.provider_schemas[PROVIDER_ADDRESS];
  if (!schemas) throw new Error(`${gzPath} has no schema for ${PROVIDER_ADDRESS}`);
  return schemas;
}

/**
 * The `provider "aws"` block, read from the cdktf bindings' generated
 * `synthesizeHclAttributes()` / `*ToHclTerraform()` tables, which list every argument and
 * nested block with its type. All provider arguments are optional.
 */
export function providerBlockFromBindings(bindingsJs: string): JsonBlock {
  const source = readFileSync(bindingsJs, 'utf8');
  const bodies = new Map<string, string>();
  const fnRe = /function (\w+ToHclTerraform)\(struct\) \{([\s\S]*?)\n\}/g;
  for (const m of source.matchAll(fnRe)) bodies.set(m[1]!, m[2]!);
  const top = /synthesizeHclAttributes\(\) \{([\s\S]*?)\n {4}\}/.exec(source);
  if (!top) throw new Error(`no synthesizeHclAttributes() in ${bindingsJs}`);

  const entryRe =
    /(\w+): \{\s*value: (.*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;
  const blockOf = (body: string): JsonBlock => {
    const attributes: Record<string, JsonAttribute> = {};
    const blockTypes: Record<string, JsonBlockType> = {};
    for (const [, name, value, isBlock, kind, storage] of body.matchAll(entryRe)) {
      if (isBlock === 'true') {
        const fn = /listMapperHcl\((\w+), true\)/.exec(value!)?.[1];
        const inner = fn ? bodies.get(fn) : undefined;
        if (!inner) throw new Error(`provider block ${name}: cannot find ${fn ?? 'its mapper'}`);
        blockTypes[name!] = { nesting_mode: kind === 'set' ? 'set' : 'list', block: blockOf(inner) };
        continue;
      }
      const scalar = storage!.startsWith('string') ? 'string' : storage === 'boolean' ? 'bool' : 'number';
      const type = kind === 'simple' ? scalar : [kind, scalar];
      attributes[name!] = { type, optional: true };
    }
    return { attributes, block_types: blockTypes };
  };
  return blockOf(top[1]!);
}

const NESTING: Record<string, number> = { single: 1, list: 2, set: 3, map: 4, group: 5 };

function attributeMsg(name: string, a: JsonAttribute): Msg {
  return {
    name,
    type: a.type === undefined ? undefined : Buffer.from(JSON.stringify(a.type)),
    nested_type: a.nested_type && {
      attributes: Object.entries(a.nested_type.attributes).map(([n, v]) => attributeMsg(n, v)),
      nesting: NESTING[a.nested_type.nesting_mode] ?? 0,
    },
    required: a.required,
    optional: a.optional,
    computed: a.computed,
    sensitive: a.sensitive,
    deprecated: a.deprecated,
    write_only: a.write_only,
  };
}

// Descriptions are left out: Terraform does not need them to validate or plan, and they
// would only make every provider start-up transfer a bigger message.
function blockMsg(b: JsonBlock): Msg {
  return {
    attributes: Object.entries(b.attributes ?? {}).map(([n, a]) => attributeMsg(n, a)),
    block_types: Object.entries(b.block_types ?? {}).map(([n, bt]) => ({
      type_name: n,
      block: blockMsg(bt.block),
      nesting: NESTING[bt.nesting_mode] ?? 0,
      min_items: bt.min_items ?? 0,
      max_items: bt.max_items ?? 0,
    })),
    deprecated: b.deprecated,
  };
}

const schemaMsg = (s: JsonSchema): Msg => ({ version: s.version ?? 0, block: blockMsg(s.block) });
const mapValues = (r: Record<string, JsonSchema> = {}): Record<string, Msg> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, schemaMsg(v)]));

// Terraform may then reuse a schema it already holds instead of asking every provider
// instance for it again; that saves one multi-megabyte transfer per plugin start.
const capabilities = { get_provider_schema_optional: true };

export function encodeGetProviderSchema(schemas: ProviderSchemas, provider: JsonBlock): Uint8Array {
  return encodeMessage(GetProviderSchemaResponse, {
    provider: schemaMsg({ block: provider }),
    resource_schemas: mapValues(schemas.resource_schemas),
    data_source_schemas: mapValues(schemas.data_source_schemas),
    ephemeral_resource_schemas: mapValues(schemas.ephemeral_resource_schemas),
    server_capabilities: capabilities,
  });
}

export function encodeGetMetadata(schemas: ProviderSchemas): Uint8Array {
  const names = (r: Record<string, JsonSchema> = {}): Msg[] => Object.keys(r).map((type_name) => ({ type_name }));
  return encodeMessage(GetMetadataResponse, {
    server_capabilities: capabilities,
    resources: names(schemas.resource_schemas),
    data_sources: names(schemas.data_source_schemas),
    ephemeral_resources: names(schemas.ephemeral_resource_schemas),
  });
}

export interface SchemaCache {
  schemaPb: string;
  metadataPb: string;
}

/**
 * Encodes both responses once per distinct input and keeps them under `cacheDir`; writes go
 * through a rename so concurrent checks (jest workers, CI jobs) never read a half file.
 */
export function prepareSchemaCache(gzPath: string, bindingsJs: string, cacheDir: string): SchemaCache {
  const key = createHash('sha256');
  for (const f of [gzPath, bindingsJs]) {
    const st = statSync(f);
    key.update(`${path.resolve(f)}:${st.size}:${st.mtimeMs};`);
  }
  key.update(ENCODING_VERSION);
  const id = key.digest('hex').slice(0, 16);
  const cache = {
    schemaPb: path.join(cacheDir, `schema-${id}.pb`),
    metadataPb: path.join(cacheDir, `metadata-${id}.pb`),
  };
  try {
    statSync(cache.schemaPb);
    statSync(cache.metadataPb);
    return cache;
  } catch {
    // not cached yet
  }
  mkdirSync(cacheDir, { recursive: true });
  const schemas = loadProviderSchemas(gzPath);
  const write = (file: string, bytes: Uint8Array): void => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  };
  write(cache.schemaPb, encodeGetProviderSchema(schemas, providerBlockFromBindings(bindingsJs)));
  write(cache.metadataPb, encodeGetMetadata(schemas));
  return cache;
}
