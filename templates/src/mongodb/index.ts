// The mongodb template: a standalone mongod (OP_MSG and legacy OP_QUERY) without access control that
// answers hello/buildInfo/listDatabases from the persona and captures SCRAM-SHA-1/256 client proofs.
import { defineService } from '../service';
import type { Template } from '../template';
import { mongodbConfigSchema, type MongodbConfig } from './config';
import { mongodbPersona, mongodbProcesses } from './persona';
import { buildInfoProbe } from './probe';
import { createMongodbSession } from './session';

export const mongodbTemplate: Template<MongodbConfig> = {
  name: 'mongodb',
  defaultPorts: [27017],
  configSchema: mongodbConfigSchema,
  createSession: createMongodbSession,
};

export const mongodbService = defineService({
  template: mongodbTemplate,
  description: 'mongod (OP_MSG/OP_QUERY): hello, buildInfo, listDatabases as the persona; SCRAM-SHA-1/256 proofs captured',
  persona: mongodbPersona,
  processes: mongodbProcesses,
  smoke: { send: buildInfoProbe(), expect: (p): string => p.services.mongodb.gitVersion },
});

export type { MongodbConfig } from './config';
