/**
 * RFC 6238 TOTP (SHA-1, 30-second steps, 6 digits) over an RFC 4648 base32
 * secret, with node:crypto only — what an authenticator app computes from
 * the secret the enrolment page shows.
 */
import { createHmac } from 'node:crypto';

export const TOTP_PERIOD_SECONDS = 30;

/** Decodes base32 (A–Z, 2–7), ignoring case, spaces and `=` padding. */
export function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = input.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(ch)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP of `counter` (dynamic truncation, 6 digits). */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 30-second time step a moment falls in. */
export function timeStep(atMs: number = Date.now()): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for `secret` at `atMs` (now by default). */
export function totp(secret: string, atMs: number = Date.now()): string {
  return hotp(base32Decode(secret), timeStep(atMs));
}

/** Waits until the time step after `step` has begun (the server refuses a step twice). */
export async function waitForStepAfter(step: number): Promise<void> {
  const nextStartMs = (step + 1) * TOTP_PERIOD_SECONDS * 1000;
  const wait = nextStartMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 250));
}
