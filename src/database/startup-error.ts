/**
 * A start-up failure whose message alone tells the operator what is wrong and what to do:
 * main.ts prints it as one line, without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Driver and download errors span several lines; a start-up message is one. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim();
}
