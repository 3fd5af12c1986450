import { configVariableNames, loadConfig, type Config } from '../../config/config.js';

/**
 * The configuration when none of its variables is set, and the names of those variables.
 *
 * Computed here from the zod schema (so tests and `tsx` runs see the real thing); `npm run build`
 * replaces this module in the CLI bundle with its values (scripts/cli-startup/), so `tda generate`
 * with nothing configured starts without loading zod (~40 ms). Same exports, same values.
 */
export const defaultConfig: Config = loadConfig({ env: {}, envFile: false });

export { configVariableNames };
