// The messages and services the stand-in speaks, from their published definitions: Terraform's
// plugin protocol 6.8 (proto/tfplugin6.8.proto, the version Terraform 1.11 ships, vendored
// unchanged under its MPL-2.0 header) and the two go-plugin services Terraform's client calls.
// protobufjs parses them once per install and the plugin loads the result as JSON, which
// skips the parser (`protobufjs/light`); fields keep their .proto names (snake_case).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

/** The vendored .proto in a project checkout (bundles have no __dirname of their own). */
export const protoFile = (projectRoot: string): string => path.join(projectRoot, 'tools', 'terraform-standin', 'proto', 'tfplugin6.8.proto');

// go-plugin's controller (Terraform asks the plugin to exit through it) and the standard gRPC
// health service (go-plugin pings service "plugin"), written from their documented shapes:
// github.com/hashicorp/go-plugin/internal/plugin/grpc_controller.proto and
// github.com/grpc/grpc-proto/grpc/health/v1/health.proto.
const GO_PLUGIN = `syntax = "proto3"; package plugin;
message Empty {}
service GRPCController { rpc Shutdown(Empty) returns (Empty); }`;
const HEALTH = `syntax = "proto3"; package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse { enum ServingStatus { UNKNOWN = 0; SERVING = 1; } ServingStatus status = 1; }
service Health { rpc Check(HealthCheckRequest) returns (HealthCheckResponse); }`;

export function loadProtocol(protoFile: string): protobuf.Root {
  const root = new protobuf.Root();
  // tfplugin6 imports google/protobuf/timestamp.proto, which protobufjs carries built in.
  root.addJSON(protobuf.common.get('google/protobuf/timestamp.proto')!.nested!);
  for (const source of [readFileSync(protoFile, 'utf8'), GO_PLUGIN, HEALTH]) protobuf.parse(source, root, { keepCase: true });
  root.resolveAll();
  return root;
}
