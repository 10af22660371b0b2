// decnet-agent CLI: `enroll`, `run`, `status`, and the local fleet verbs `deploy`, `teardown`,
// `services`, `archetypes`.
import { ConfigError } from '../config/load';
import { EnrollError } from '../enroll/enroll';
import { NotEnrolledError } from '../agent/agent';
import { DeploySpecError } from '../fleet/deploy-spec';
import { IniError } from '@decnet/protocol';
import { AGENT_VERSION } from '../version';
import { archetypesCommand } from './archetypes-command';
import { deployCommand, DEPLOY_USAGE } from './deploy-command';
import { enrollCommand } from './enroll-command';
import { resetCommand, RESET_USAGE } from './reset-command';
import { runCommand } from './run-command';
import { selftestCommand, SELFTEST_USAGE } from './selftest-command';
import { servicesCommand } from './services-command';
import { statusCommand } from './status-command';
import { teardownCommand, TEARDOWN_USAGE } from './teardown-command';
import { UsageError } from './usage';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  enroll: enrollCommand,
  run: runCommand,
  status: statusCommand,
  deploy: (argv) => deployCommand(argv),
  teardown: (argv) => teardownCommand(argv),
  services: (argv) => servicesCommand(argv),
  archetypes: (argv) => archetypesCommand(argv),
  reset: (argv) => resetCommand(argv),
  selftest: (argv) => selftestCommand(argv),
};

export const HELP = `decnet-agent ${AGENT_VERSION}: the DECNET-TS sensor host agent

Usage:
  decnet-agent enroll --url URL --token TOKEN [--ca-sha256 HEX] [--name NAME] [--config PATH] [--data-dir DIR] [--force]
  decnet-agent run [--config PATH] [--offline] [--supervise]   (--supervise: run releases/current, self-update with rollback)
  decnet-agent status [--config PATH] [--json]
  ${DEPLOY_USAGE}
  ${TEARDOWN_USAGE}
  ${RESET_USAGE}
  ${SELFTEST_USAGE}
  decnet-agent services     (the emulated services this agent can run)
  decnet-agent archetypes   (the decky archetypes)

The config file defaults to $DECNET_AGENT_CONFIG or /etc/decnet/agent.json.`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(HELP);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === 'version') {
    console.log(AGENT_VERSION);
    return 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    console.error(`decnet-agent: unknown command '${cmd}'\n\n${HELP}`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof IniError) {
      console.error(`decnet-agent ${cmd}: fleet INI ${e.message}`);
      return 2;
    }
    if (e instanceof DeploySpecError) {
      console.error(`decnet-agent ${cmd}: ${e.message}`);
      return 2;
    }
    if (e instanceof UsageError) {
      console.error(`decnet-agent ${cmd}: ${e.message}\n\n${HELP}`);
      return 2;
    }
    if (e instanceof EnrollError) {
      console.error(`decnet-agent enroll: refused (${e.code}): ${e.message}`);
      return 1;
    }
    if (e instanceof ConfigError || e instanceof NotEnrolledError) {
      console.error(`decnet-agent ${cmd}: ${e.message}`);
      return 1;
    }
    console.error(`decnet-agent ${cmd}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
