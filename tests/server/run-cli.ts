import { spawn } from 'node:child_process';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Both streams, in the order they arrived. */
  readonly output: string;
}

/** Runs one of the server's command-line tools (replication-server/src/cli/) as its npm script does, through tsx. */
export function runCli(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', `replication-server/src/cli/${script}`, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
      },
    );
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      output += String(chunk);
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr, output }));
  });
}
