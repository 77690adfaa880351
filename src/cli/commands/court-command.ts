/**
 * @module court-command
 * (being written this session)
 */
import type { Command } from 'commander';
import type { CliIo } from '../main.ts';

export function registerCourtCommand(_program: Command, _io: CliIo): void {}
