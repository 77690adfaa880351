#!/usr/bin/env node
// `npm start`: runs the server from the TypeScript sources (tsx), no build step needed.
import { register } from 'tsx/esm/api';

register();
const { startServer } = await import('../src/server/main.ts');
await startServer();
