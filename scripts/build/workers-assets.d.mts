// Types of workers-assets.mjs for the TypeScript tests that compose the Workers assets.
export const WORKERS_ASSETS: string;
export function composeWorkersAssets(o?: { force?: boolean; quiet?: boolean }): boolean;
