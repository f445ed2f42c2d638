// The subset of Terraform's plugin protocol 6 (tfplugin6.x.proto) that the stand-in speaks,
// written out as field-number tables for ./protobuf.ts. Field numbers follow the published
// protocol; fields the stand-in never reads or writes are left out (unknown ones are skipped).
import type { Field, MessageType } from './protobuf';

const msg = (name: string, fields: Record<string, Field>): MessageType => ({ name, fields });
const empty = (name: string): MessageType => msg(name, {});

export const DynamicValue = msg('DynamicValue', {
  msgpack: { no: 1, kind: 'bytes' },
  json: { no: 2, kind: 'bytes' },
});

export const Diagnostic = msg('Diagnostic', {
  severity: { no: 1, kind: 'enum' }, // 1 = ERROR, 2 = WARNING
  summary: { no: 2, kind: 'string' },
  detail: { no: 3, kind: 'string' },
});

const diagnostics = (no: number): Field => ({ no, kind: Diagnostic, repeated: true });

// Schema.Object and Schema.Attribute refer to each other, so they are filled in after creation.
const attributeFields: Record<string, Field> = {};
export const SchemaAttribute = msg('Schema.Attribute', attributeFields);
export const SchemaObject = msg('Schema.Object', {
  attributes: { no: 1, kind: SchemaAttribute, repeated: true },
  nesting: { no: 3, kind: 'enum' }, // SINGLE = 1, LIST = 2, SET = 3, MAP = 4
});
Object.assign(attributeFields, {
  name: { no: 1, kind: 'string' },
  type: { no: 2, kind: 'bytes' }, // the cty type as JSON
  description: { no: 3, kind: 'string' },
  required: { no: 4, kind: 'bool' },
  optional: { no: 5, kind: 'bool' },
  computed: { no: 6, kind: 'bool' },
  sensitive: { no: 7, kind: 'bool' },
  description_kind: { no: 8, kind: 'enum' },
  deprecated: { no: 9, kind: 'bool' },
  nested_type: { no: 10, kind: SchemaObject },
  write_only: { no: 11, kind: 'bool' },
} satisfies Record<string, Field>);

const blockFields: Record<string, Field> = {};
export const SchemaBlock = msg('Schema.Block', blockFields);
export const SchemaNestedBlock = msg('Schema.NestedBlock', {
  type_name: { no: 1, kind: 'string' },
  block: { no: 2, kind: SchemaBlock },
  nesting: { no: 3, kind: 'enum' }, // SINGLE = 1, LIST = 2, SET = 3, MAP = 4, GROUP = 5
  min_items: { no: 4, kind: 'int64' },
  max_items: { no: 5, kind: 'int64' },
});
Object.assign(blockFields, {
  version: { no: 1, kind: 'int64' },
  attributes: { no: 2, kind: SchemaAttribute, repeated: true },
  block_types: { no: 3, kind: SchemaNestedBlock, repeated: true },
  description: { no: 4, kind: 'string' },
  description_kind: { no: 5, kind: 'enum' },
  deprecated: { no: 6, kind: 'bool' },
} satisfies Record<string, Field>);

export const Schema = msg('Schema', {
  version: { no: 1, kind: 'int64' },
  block: { no: 2, kind: SchemaBlock },
});

export const ServerCapabilities = msg('ServerCapabilities', {
  plan_destroy: { no: 1, kind: 'bool' },
  get_provider_schema_optional: { no: 2, kind: 'bool' },
  move_resource_state: { no: 3, kind: 'bool' },
});

const typeNameOnly = msg('TypeName', { type_name: { no: 1, kind: 'string' } });

export const GetMetadataResponse = msg('GetMetadata.Response', {
  server_capabilities: { no: 1, kind: ServerCapabilities },
  diagnostics: diagnostics(2),
  data_sources: { no: 3, kind: typeNameOnly, repeated: true },
  resources: { no: 4, kind: typeNameOnly, repeated: true },
  ephemeral_resources: { no: 6, kind: typeNameOnly, repeated: true },
});

export const GetProviderSchemaResponse = msg('GetProviderSchema.Response', {
  provider: { no: 1, kind: Schema },
  resource_schemas: { no: 2, kind: Schema, map: true },
  data_source_schemas: { no: 3, kind: Schema, map: true },
  diagnostics: diagnostics(4),
  server_capabilities: { no: 6, kind: ServerCapabilities },
  ephemeral_resource_schemas: { no: 8, kind: Schema, map: true },
});

/** Requests that carry a type name and a config: Validate*Config, ReadDataSource, OpenEphemeralResource. */
export const TypedConfigRequest = msg('TypedConfigRequest', {
  type_name: { no: 1, kind: 'string' },
  config: { no: 2, kind: DynamicValue },
});

export const UpgradeResourceStateRequest = msg('UpgradeResourceState.Request', {
  type_name: { no: 1, kind: 'string' },
  version: { no: 2, kind: 'int64' },
  raw_state: { no: 3, kind: msg('RawState', { json: { no: 1, kind: 'bytes' } }) },
});
export const UpgradeResourceStateResponse = msg('UpgradeResourceState.Response', {
  upgraded_state: { no: 1, kind: DynamicValue },
  diagnostics: diagnostics(2),
});

export const ReadResourceRequest = msg('ReadResource.Request', {
  type_name: { no: 1, kind: 'string' },
  current_state: { no: 2, kind: DynamicValue },
  private: { no: 3, kind: 'bytes' },
});
export const ReadResourceResponse = msg('ReadResource.Response', {
  new_state: { no: 1, kind: DynamicValue },
  diagnostics: diagnostics(2),
  private: { no: 3, kind: 'bytes' },
});

export const PlanResourceChangeRequest = msg('PlanResourceChange.Request', {
  type_name: { no: 1, kind: 'string' },
  prior_state: { no: 2, kind: DynamicValue },
  proposed_new_state: { no: 3, kind: DynamicValue },
  config: { no: 4, kind: DynamicValue },
  prior_private: { no: 5, kind: 'bytes' },
});
export const PlanResourceChangeResponse = msg('PlanResourceChange.Response', {
  planned_state: { no: 1, kind: DynamicValue },
  planned_private: { no: 3, kind: 'bytes' },
  diagnostics: diagnostics(4),
});

export const ApplyResourceChangeRequest = msg('ApplyResourceChange.Request', {
  type_name: { no: 1, kind: 'string' },
  prior_state: { no: 2, kind: DynamicValue },
  planned_state: { no: 3, kind: DynamicValue },
  config: { no: 4, kind: DynamicValue },
  planned_private: { no: 5, kind: 'bytes' },
});
export const ApplyResourceChangeResponse = msg('ApplyResourceChange.Response', {
  new_state: { no: 1, kind: DynamicValue },
  private: { no: 2, kind: 'bytes' },
  diagnostics: diagnostics(3),
});

export const ReadDataSourceResponse = msg('ReadDataSource.Response', {
  state: { no: 1, kind: DynamicValue },
  diagnostics: diagnostics(2),
});

export const OpenEphemeralResourceResponse = msg('OpenEphemeralResource.Response', {
  diagnostics: diagnostics(1),
  result: { no: 3, kind: DynamicValue },
});

/** Responses whose only field is diagnostics, by the field number each one uses. */
export const DiagnosticsAt1 = msg('Diagnostics1', { diagnostics: diagnostics(1) });
export const DiagnosticsAt2 = msg('Diagnostics2', { diagnostics: diagnostics(2) });
export const DiagnosticsAt3 = msg('Diagnostics3', { diagnostics: diagnostics(3) });

export const Empty = empty('Empty');

/** grpc.health.v1 — go-plugin clients may ping the "plugin" service. */
export const HealthCheckResponse = msg('HealthCheckResponse', { status: { no: 1, kind: 'enum' } });
