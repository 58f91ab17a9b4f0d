import type { ChildProcess } from 'node:child_process';

/**
 * Where a relay child process listens, read from its "relay listening" log line; every line it prints (stdout and
 * stderr) is kept in `output` for the error messages. Rejects if it exits first. No Vitest here: the bench and
 * the cluster harness start relays too.
 */
export function relayListening(
  child: ChildProcess,
  output: string[],
  exited: Promise<number | NodeJS.Signals>,
  name: string,
): Promise<{ url: string; port: number }> {
  return new Promise((done, fail) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        output.push(line);
        if (line.includes('"relay listening"')) done(JSON.parse(line) as { url: string; port: number });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((code) => fail(new Error(`${name} exited (${code}) before listening: ${output.join('\n')}`)));
  });
}
