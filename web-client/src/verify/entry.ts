/**
 * A sharing-log entry as it was hashed into the log. The UI shows only what it
 * parsed from `canonical` after checking that SHA-256(0x00 ‖ UTF-8(canonical))
 * is the entry's leaf hash, so what is shown is what is hashed. Pure: no DOM.
 */
import { type Bytes, equalBytes, fromBase64, utf8, VerifyError } from './bytes.js';
import { HASH_SIZE, leafHash } from './merkle.js';

export interface EntryOrganisation {
  alias: string;
  name: string;
}

export interface EntryPerson {
  username: string;
  name: string;
  organisation: EntryOrganisation | null;
}

/** The fields of a canonical entry (version 1 as written by the server). */
export interface CanonicalEntry {
  v: number | null;
  logIndex: number;
  childId: string | null;
  category: string;
  what: string;
  reference: string | null;
  recipients: { persons: EntryPerson[]; organisations: EntryOrganisation[] };
  purpose: string;
  legalBasis: { type: string; consentId: string | null };
  sharedBy: EntryPerson | null;
  sharedAt: string;
  familyNotified: boolean;
  withheldReason: string | null;
}

/** What the server sends per entry (only the parts verification needs). */
export interface ServedEntry {
  logIndex: number;
  leafHash: string;
  canonical: string;
}

/**
 * Writes a JSON value the way the server's CanonicalJson does: object keys
 * sorted by UTF-16 code units, no whitespace, minimal string escapes, integers only.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new VerifyError('not-canonical', 'only integers are canonical');
    return String(value);
  }
  if (typeof value === 'string') return canonicalString(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${canonicalString(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  throw new VerifyError('not-canonical', `not canonicalisable: ${typeof value}`);
}

function canonicalString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.charCodeAt(0);
    switch (char) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      default:
        out += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : char;
    }
  }
  return `${out}"`;
}

/** Parses canonical text into an entry; throws VerifyError('malformed' | 'not-canonical'). */
export function parseCanonical(canonical: string): CanonicalEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(canonical);
  } catch (cause) {
    throw new VerifyError('malformed', 'canonical is not JSON', { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new VerifyError('malformed', 'canonical is not a JSON object');
  }
  // Reject anything that is not exactly the canonical form (whitespace, key order, duplicate keys…):
  // the text must be the single byte form of what it says.
  if (canonicalJson(raw) !== canonical) {
    throw new VerifyError('not-canonical', 'canonical text is not in canonical form');
  }
  const o = raw as Record<string, unknown>;
  const recipients = asObject(o['recipients']);
  const basis = asObject(o['legalBasis']);
  const logIndex = o['logIndex'];
  if (typeof logIndex !== 'number' || !Number.isSafeInteger(logIndex) || logIndex < 0) {
    throw new VerifyError('malformed', 'canonical has no logIndex');
  }
  const category = requiredString(o['category'], 'category');
  const sharedAt = requiredString(o['sharedAt'], 'sharedAt');
  return {
    v: typeof o['v'] === 'number' ? o['v'] : null,
    logIndex,
    childId: optionalString(o['childId']),
    category,
    what: optionalString(o['what']) ?? '',
    reference: optionalString(o['reference']),
    recipients: {
      persons: asArray(recipients?.['persons']).map(asPerson).filter((p): p is EntryPerson => p !== null),
      organisations: asArray(recipients?.['organisations'])
        .map(asOrganisation)
        .filter((org): org is EntryOrganisation => org !== null),
    },
    purpose: optionalString(o['purpose']) ?? '',
    legalBasis: {
      type: optionalString(basis?.['type']) ?? 'NONE',
      consentId: optionalString(basis?.['consentId']),
    },
    sharedBy: asPerson(o['sharedBy']),
    sharedAt,
    familyNotified: o['familyNotified'] === true,
    withheldReason: optionalString(o['withheldReason']),
  };
}

/**
 * Checks one served entry: the leaf hash is SHA-256(0x00 ‖ UTF-8(canonical)),
 * the canonical text is canonical and names the same log index (and child, if
 * given). Returns the parsed entry and its leaf hash; throws VerifyError.
 */
export async function checkEntry(
  entry: ServedEntry,
  expectedChildId?: string,
): Promise<{ entry: CanonicalEntry; leaf: Bytes }> {
  if (typeof entry.canonical !== 'string') throw new VerifyError('malformed', 'entry has no canonical text');
  const claimed = fromBase64(entry.leafHash, HASH_SIZE);
  const leaf = await leafHash(utf8(entry.canonical));
  if (!equalBytes(leaf, claimed)) {
    throw new VerifyError('leaf-hash-mismatch', `leaf hash of entry ${entry.logIndex} does not match its text`);
  }
  const parsed = parseCanonical(entry.canonical);
  if (parsed.logIndex !== entry.logIndex) {
    throw new VerifyError('wrong-index', `entry says ${parsed.logIndex} but is served as ${entry.logIndex}`);
  }
  if (expectedChildId !== undefined && parsed.childId !== null && parsed.childId.toLowerCase() !== expectedChildId.toLowerCase()) {
    throw new VerifyError('wrong-child', `entry ${entry.logIndex} is about another child`);
  }
  return { entry: parsed, leaf };
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new VerifyError('malformed', `canonical has no ${name}`);
  return value;
}

function asOrganisation(value: unknown): EntryOrganisation | null {
  if (typeof value === 'string') return { alias: value, name: value };
  const o = asObject(value);
  if (!o) return null;
  const alias = optionalString(o['alias']);
  const name = optionalString(o['name']) ?? alias;
  return alias !== null || name !== null ? { alias: alias ?? name ?? '', name: name ?? alias ?? '' } : null;
}

function asPerson(value: unknown): EntryPerson | null {
  if (typeof value === 'string') return { username: value, name: value, organisation: null };
  const o = asObject(value);
  if (!o) return null;
  const username = optionalString(o['username']) ?? '';
  return { username, name: optionalString(o['name']) ?? username, organisation: asOrganisation(o['organisation']) };
}
