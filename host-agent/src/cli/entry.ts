// Process entry of the CLI (bin/decnet-agent.mjs loads it): runs a command and exits with its
// code, except `run`, which keeps the process alive until a signal stops the agent.
import { main } from './main';

const code = await main(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'run') process.exit(code);
