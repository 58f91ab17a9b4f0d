/**
 * One JSON object per line. Callers pass fields, never a token, a query string or an
 * Authorization header: the relay logs paths, alliance ids, link ids and close codes only.
 */
export type LogSink = (line: string) => void;
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export type Logger = (level: 'info' | 'warn' | 'error', msg: string, fields?: LogFields) => void;

export function createLogger(sink: LogSink): Logger {
  return (level, msg, fields) => {
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  };
}

/** What a thrown value says, for a log line or a refusal's reason (anything can be thrown). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
