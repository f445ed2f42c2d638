// The RPC handlers of the stand-in AWS provider. It validates nothing itself (Terraform checks
// configuration against the served schema) and talks to no API: plans mark what AWS would
// compute as unknown, applies and data source reads make up placeholders, reads echo state.
import { readFileSync } from 'node:fs';
import * as m from './messages';
import { decodeMessage, encodeMessage, type MessageType, type Msg } from './protobuf';
import { loadProviderSchemas, type JsonBlock, type ProviderSchemas } from './schema';
import { decodeValue, encodeValue, fillBlock, markComputedUnknown, Placeholders } from './values';
import type { UnaryHandler } from './grpc-server';

export interface ProviderFiles {
  schemaPb: string;
  metadataPb: string;
  /** The gzipped JSON schema, parsed only when a call needs to walk values. */
  schemaJsonGz: string;
}

type DV = { msgpack?: Uint8Array; json?: Uint8Array } | undefined;

export function providerHandlers(files: ProviderFiles, onShutdown: () => void): Map<string, UnaryHandler> {
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

  const value = (dv: DV): unknown => (dv?.msgpack && dv.msgpack.length ? decodeValue(dv.msgpack) : null);
  const dv = (v: unknown): Msg => ({ msgpack: encodeValue(v) });

  const handlers = new Map<string, UnaryHandler>();
  const unary = (method: string, req: MessageType, res: MessageType, fn: (r: Msg) => Msg): void => {
    handlers.set(`/tfplugin6.Provider/${method}`, (bytes) => encodeMessage(res, fn(decodeMessage(req, bytes))));
  };
  const noDiagnostics = (method: string, res: MessageType): void => unary(method, m.Empty, res, () => ({}));

  handlers.set('/tfplugin6.Provider/GetProviderSchema', () => readFileSync(files.schemaPb));
  handlers.set('/tfplugin6.Provider/GetMetadata', () => readFileSync(files.metadataPb));
  noDiagnostics('ValidateProviderConfig', m.DiagnosticsAt2);
  noDiagnostics('ValidateResourceConfig', m.DiagnosticsAt1);
  noDiagnostics('ValidateDataResourceConfig', m.DiagnosticsAt1);
  noDiagnostics('ValidateEphemeralResourceConfig', m.DiagnosticsAt1);
  noDiagnostics('ConfigureProvider', m.DiagnosticsAt1);
  noDiagnostics('CloseEphemeralResource', m.DiagnosticsAt1);
  noDiagnostics('RenewEphemeralResource', m.DiagnosticsAt1);
  noDiagnostics('GetFunctions', m.DiagnosticsAt2);
  noDiagnostics('StopProvider', m.Empty);

  // State written by this stand-in is already in the current schema's shape.
  unary('UpgradeResourceState', m.UpgradeResourceStateRequest, m.UpgradeResourceStateResponse, (r) => ({
    upgraded_state: { json: (r.raw_state as Msg | undefined)?.json ?? Buffer.from('null') },
  }));

  unary('ReadResource', m.ReadResourceRequest, m.ReadResourceResponse, (r) => ({
    new_state: r.current_state,
    private: r.private,
  }));

  unary('PlanResourceChange', m.PlanResourceChangeRequest, m.PlanResourceChangeResponse, (r) => {
    const proposed = value(r.proposed_new_state as DV);
    if (proposed !== null) markComputedUnknown(blockOf('resource_schemas', r.type_name as string), proposed);
    return { planned_state: dv(proposed), planned_private: r.prior_private };
  });

  unary('ApplyResourceChange', m.ApplyResourceChangeRequest, m.ApplyResourceChangeResponse, (r) => {
    const type = r.type_name as string;
    const planned = value(r.planned_state as DV);
    const state = planned === null ? null : fillBlock(blockOf('resource_schemas', type), planned, ph(type), false);
    return { new_state: dv(state), private: r.planned_private };
  });

  unary('ReadDataSource', m.TypedConfigRequest, m.ReadDataSourceResponse, (r) => {
    const type = r.type_name as string;
    const state = fillBlock(blockOf('data_source_schemas', type), value(r.config as DV), ph(type), true);
    return { state: dv(state) };
  });

  unary('OpenEphemeralResource', m.TypedConfigRequest, m.OpenEphemeralResourceResponse, (r) => {
    const type = r.type_name as string;
    const result = fillBlock(blockOf('ephemeral_resource_schemas', type), value(r.config as DV), ph(type), true);
    return { result: dv(result) };
  });

  const unsupported = (method: string, res: MessageType, diagnosticsField: string): void =>
    unary(method, m.Empty, res, () => ({
      [diagnosticsField]: [{ severity: 1, summary: `The offline stand-in AWS provider does not support ${method}` }],
    }));
  unsupported('ImportResourceState', m.DiagnosticsAt2, 'diagnostics');
  unsupported('MoveResourceState', m.DiagnosticsAt2, 'diagnostics');

  // go-plugin asks the plugin to exit through its controller service when Terraform is done.
  handlers.set('/plugin.GRPCController/Shutdown', () => {
    setTimeout(onShutdown, 10);
    return new Uint8Array(0);
  });
  handlers.set('/grpc.health.v1.Health/Check', () => encodeMessage(m.HealthCheckResponse, { status: 1 }));
  return handlers;
}
