/**
 * A handler result that is serialised once, however often it is sent: for answers an instance
 * keeps in memory and sends many times (a month of slots is ~120 KB of JSON, and serialising it
 * for every request was most of a served answer's allocation). `EnvelopeInterceptor` sends the
 * success envelope around `value` as text, with the ETag Express would compute for it, both made
 * on first use and kept with the value; the bytes are exactly what `res.json` would send.
 *
 * `value` must not change after construction (the same rule as the caches that hold it).
 */
export class SerializedJson<T> {
  private json?: string;
  private envelope?: { message: string; text: string; etag: string | undefined };

  constructor(readonly value: T) {}

  /** `JSON.stringify(value)`, computed once. */
  text(): string {
    return (this.json ??= JSON.stringify(this.value));
  }

  /**
   * The text of `{ success: true, message, data: value }` and its ETag from `etagOf` (Express's
   * `etag fn`; none when the app turned ETags off), computed once per message.
   */
  enveloped(
    message: string,
    etagOf: ((body: string, encoding: 'utf8') => string | undefined) | undefined,
  ): { text: string; etag: string | undefined } {
    if (this.envelope?.message !== message) {
      const text = `{"success":true,"message":${JSON.stringify(message)},"data":${this.text()}}`;
      this.envelope = { message, text, etag: etagOf?.(text, 'utf8') };
    }
    const { text, etag } = this.envelope;
    return { text, etag };
  }
}
