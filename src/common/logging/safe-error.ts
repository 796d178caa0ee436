/** What the log keeps of an error: its type, code and a redacted message, never the stack. */
export interface SafeError {
  type: string;
  message: string;
  code?: string | number;
}

const MAX_MESSAGE = 300;

/**
 * Logs must not carry stack traces (they leak paths and internals into log pipelines) nor
 * personal data: a duplicate-key message quotes the duplicated value (an e-mail, a phone), so
 * quoted key values and anything shaped like an e-mail address are masked.
 */
export function safeError(err: unknown): SafeError {
  if (!(err instanceof Error)) {
    return { type: typeof err, message: 'A non-Error value was thrown' };
  }
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: redact(err.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}

function redact(message: string): string {
  return message
    .replace(/dup key: \{[\s\S]*\}/, 'dup key: { [redacted] }')
    .replace(/[^\s@"'{}:,]+@[^\s@"'{}:,]+\.[a-z]{2,}/gi, '[email]')
    .slice(0, MAX_MESSAGE);
}
