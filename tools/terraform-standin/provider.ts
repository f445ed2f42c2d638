// The RPC handlers of the stand-in AWS provider. It validates nothing itself (Terraform checks
// configuration against the served schema) and talks to no API: plans mark what AWS would
// compute as unknown, applies and data source reads make up placeholders, reads echo state.
import { readFileSync } from 'node:fs';
import type { Handler } from './grpc-server';
import { loadProviderSchemas, type JsonBlock, type ProviderSchemas } from './schema';
import { decodeValue, encodeValue, fillBlock, markComputedUnknown, Placeholders } from './values';

export interface ProviderFiles {
  schemaPb: string;
  metadataPb: string;
  /** The gzipped JSON schema, parsed only when a call needs to walk values. */
  schemaJsonGz: string;
}

type DV = { msgpack?: Uint8Array } | null | undefined;
type Req = Record<string, unknown>;

/** Handlers by service ("tfplugin6.Provider", go-plugin's, health) and method name. */
export function providerHandlers(files: ProviderFiles, onShutdown: () => void): Map<string, Map<string, Handler>> {
  let schemas: ProviderSchemas | undefined;
  const blockOf = (kind: 'resource_schemas' | 'data_source_schemas' | 'ephemeral_resource_schemas', type: string): JsonBlock => {
    schemas ??= loadProviderSchemas(files.schemaJsonGz);
    const s = schemas[kind]?.[type];
    if (!s) throw new Error(`stand-in: no schema for ${type}`);
    return s.block;
  };
  // One counter per provider process keeps ids distinct within a plan or apply.
  const placeholders = new Map<string, Placeholders>();
  const ph = (type: string): Placeholders => {
    let p = placeholders.get(type);
    if (!p) placeholders.set(type, (p = new Placeholders(type)));
    return p;
  };
  const value = (dv: unknown): unknown => ((dv as DV)?.msgpack?.length ? decodeValue((dv as { msgpack: Uint8Array }).msgpack) : null);
  const dv = (v: unknown): Req => ({ msgpack: encodeValue(v) });
  const none = (): Req => ({});
  const unsupported = (method: string) => (): Req => ({
    diagnostics: [{ severity: 1, summary: `The offline stand-in AWS provider does not support ${method}` }],
  });

  const provider = new Map<string, (r: Req) => Req | Uint8Array>([
    // Encoded once per schema and cached on disk (./schema.ts): served as they are.
    ['GetProviderSchema', () => readFileSync(files.schemaPb)],
    ['GetMetadata', () => readFileSync(files.metadataPb)],
    ['ValidateProviderConfig', none],
    ['ValidateResourceConfig', none],
    ['ValidateDataResourceConfig', none],
    ['ValidateEphemeralResourceConfig', none],
    ['ConfigureProvider', none],
    ['CloseEphemeralResource', none],
    ['RenewEphemeralResource', none],
    ['GetFunctions', none],
    ['StopProvider', none],
    // State written by this stand-in is already in the current schema's shape.
    ['UpgradeResourceState', (r) => ({ upgraded_state: { json: (r.raw_state as { json?: Uint8Array } | null)?.json ?? Buffer.from('null') } })],
    ['ReadResource', (r) => ({ new_state: r.current_state, private: r.private })],
    [
      'PlanResourceChange',
      (r) => {
        const proposed = value(r.proposed_new_state);
        if (proposed !== null) markComputedUnknown(blockOf('resource_schemas', r.type_name as string), proposed);
        return { planned_state: dv(proposed), planned_private: r.prior_private };
      },
    ],
    [
      'ApplyResourceChange',
      (r) => {
        const type = r.type_name as string;
        const planned = value(r.planned_state);
        return { new_state: dv(planned === null ? null : fillBlock(blockOf('resource_schemas', type), planned, ph(type), false)), private: r.planned_private };
      },
    ],
    [
      'ReadDataSource',
      (r) => {
        const type = r.type_name as string;
        return { state: dv(fillBlock(blockOf('data_source_schemas', type), value(r.config), ph(type), true)) };
      },
    ],
    [
      'OpenEphemeralResource',
      (r) => {
        const type = r.type_name as string;
        return { result: dv(fillBlock(blockOf('ephemeral_resource_schemas', type), value(r.config), ph(type), true)) };
      },
    ],
    ['ImportResourceState', unsupported('ImportResourceState')],
    ['MoveResourceState', unsupported('MoveResourceState')],
  ]);

  return new Map<string, Map<string, Handler>>([
    ['tfplugin6.Provider', provider],
    // go-plugin asks the plugin to exit through its controller service when Terraform is done.
    [
      'plugin.GRPCController',
      new Map([
        [
          'Shutdown',
          () => {
            setTimeout(onShutdown, 10);
            return {};
          },
        ],
      ]),
    ],
    ['grpc.health.v1.Health', new Map([['Check', () => ({ status: 1 })]])], // SERVING
  ]);
}
