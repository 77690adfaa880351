import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.ts';

const run = (...args: string[]) => runCli(args);

function writeTemp(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mahnwerk-policy-')), name);
  writeFileSync(file, content);
  return file;
}

describe('mahnwerk policy', () => {
  it('prints a shipped policy that passes its own check without warnings', async () => {
    const shown = await run('policy', 'show-default', '--kind', 'business');
    expect(shown.code).toBe(0);
    const file = writeTemp('business.json', shown.out);
    const checked = await run('policy', 'check', file);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain('policy "standard-business" version 1 with 6 stages is valid');
    expect(checked.out).not.toContain('warning');
  });

  it('warns about a fee on the notice that creates default (§286 Abs. 1 BGB, not billable)', async () => {
    const file = writeTemp(
      'fee.json',
      JSON.stringify({
        key: 'p',
        name: 'P',
        stages: [{ key: 'first', offsetDays: 10, channel: 'letter', templateKey: 't', feeCents: 150 }],
      }),
    );
    const checked = await run('policy', 'check', file, '--json');
    expect(checked.code).toBe(0);
    const report = JSON.parse(checked.out) as { valid: boolean; warnings: { path: string }[] };
    expect(report.valid).toBe(true);
    expect(report.warnings.map((w) => w.path)).toContain('stages.0.feeCents');
  });

  it('rejects an invalid policy with every error and its field, exit code 2', async () => {
    const file = writeTemp(
      'bad.json',
      JSON.stringify({
        key: 'p',
        name: 'P',
        stages: [
          { key: 'a', offsetDays: 10, channel: 'letter', templateKey: 't' },
          { key: 'a', offsetDays: 5, channel: 'fax', templateKey: 't' },
        ],
      }),
    );
    const checked = await run('policy', 'check', file);
    expect(checked.code).toBe(2);
    expect(checked.err).toContain('stages.1.channel');
    expect(checked.err).toContain('stages.1.key');
    expect(checked.err).toContain('stages.1.offsetDays');
  });

  it('names the file when it is not JSON', async () => {
    const file = writeTemp('broken.json', '{ not json');
    const checked = await run('policy', 'check', file);
    expect(checked.code).toBe(2);
    expect(checked.err).toContain(file);
    expect(checked.err.trim().split('\n')).toHaveLength(1);
  });
});
