import { regexRule } from './rule';

/** The Luhn checksum every payment card number satisfies (and 90% of random digit strings do not). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether the issuer prefix allows this length (Visa 13/16/19, Mastercard, Amex 15, Diners, Discover, JCB, UnionPay,
 * Maestro). Keeps 13-digit epoch milliseconds and 19-digit nanoseconds, which start with 1, from being cards.
 */
export function plausibleCardNumber(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  switch (digits[0]) {
    case '2':
      return n === 16 && p4 >= 2221 && p4 <= 2720;
    case '3':
      if (p2 === 34 || p2 === 37) return n === 15;
      return (p2 === 30 || p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3528 && p4 <= 3589)) && n >= 14;
    case '4':
      return n === 13 || n === 16 || n === 19;
    case '5':
      return p2 >= 51 && p2 <= 55 ? n === 16 : p2 !== 59;
    case '6':
      return true;
    default:
      return false;
  }
}

/**
 * 13–19 digits, not part of a longer word or number: contiguous, or printed in groups (4-4-4-4, 4-4-4-1..4,
 * 4-4-4-4-3; Amex 4-6-5, Diners 4-6-4) with one kind of separator. Then Luhn-valid with a plausible issuer prefix:
 * order ids and timestamps mostly fail one of these.
 */
export const cardNumber = regexRule({
  name: 'card-number',
  gate: /\d{4}[ -]?\d{4}/,
  pattern:
    /(?<![0-9A-Za-z])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5})(?![0-9A-Za-z])/g,
  accept: (text) => {
    const digits = text.replace(/[ -]/g, '');
    return digits.length >= 13 && plausibleCardNumber(digits) && luhnValid(digits);
  },
});
