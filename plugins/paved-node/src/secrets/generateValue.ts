import { randomBytes, randomInt } from 'node:crypto';
import { GeneratedValueShape } from '@paved/plugin-paved-common';

const ALPHABETS = {
  alphanumeric:
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
} as const;

/**
 * A new random value of `shape`, from the operating system's cryptographic random source.
 *
 * @public
 */
export function generateValue(shape: GeneratedValueShape): string {
  if (shape.alphabet === 'base64url') {
    return randomBytes(Math.ceil((shape.length * 3) / 4))
      .toString('base64url')
      .slice(0, shape.length);
  }
  const alphabet = ALPHABETS[shape.alphabet];
  let value = '';
  for (let i = 0; i < shape.length; i++) {
    value += alphabet[randomInt(alphabet.length)];
  }
  return value;
}
