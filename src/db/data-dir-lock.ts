/**
 * @module data-dir-lock
 * PGlite runs inside one process: two processes must never open the same data directory. The
 * directory carries a lock file naming the process that holds it; a second process is refused
 * with that name, and a lock left by a process that no longer runs is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../services/app-error.ts';

interface LockInfo {
  pid: number;
  command: string;
  since: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'mahnwerk.lock');
  const info: LockInfo = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: LockInfo | null;
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
      } catch {
        holder = null; // half-written or corrupt: treat as stale
      }
      if (holder && holder.pid !== process.pid && isRunning(holder.pid)) {
        throw new AppError(
          'database-locked',
          `the data directory ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}); stop it first, or run this command through the running server`,
        );
      }
      rmSync(file, { force: true }); // stale lock of a process that ended
    }
  }
  throw new AppError('database-locked', `could not lock the data directory ${dataDir}`);
}
