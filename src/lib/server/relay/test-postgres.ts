// One copy of the throwaway cluster, shared with the relay benchmark (plain JS, run by Node).
export { findPostgresBin, startPostgres } from '../../../../scripts/postgres-cluster.js';
