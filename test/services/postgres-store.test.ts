// The storage contract against PostgreSQL (the machine's local server, a fresh schema per test).
import { pgStore } from '../../src/storage/postgres/pg-store.js';
import { storeContract } from '../storage/contract.js';
import { freshDatabase } from './helpers/postgres.js';

storeContract('postgres', async () => {
  const db = await freshDatabase('store');
  return { store: pgStore({ pool: db.pool, schema: db.schema }), cleanup: () => db.drop() };
});
