/**
 * Den här webbläsarens enhet för direktmeddelanden: ett ECDH P-256-nyckelpar som skapas med
 * WebCrypto första gången (den privata nyckeln går inte att exportera) och sparas i IndexedDB
 * (strukturerad kopia av CryptoKey; nyckeln lämnar aldrig webbläsaren), den publika nyckeln
 * registrerad med POST /api/devices, och enhetens id sparat per användare. Är enheten borttagen
 * (den finns inte i GET /api/devices) skapas ett nytt nyckelpar och registreras.
 */
import type { Api } from '../api';
import { base64urlEncode, fingerprint } from './codes';
import type { MyDevice } from './protocol';
import { generateDeviceKeys, rawPublicKey } from './seal';

const DB_NAME = 'samverkan-direct';
const STORE = 'devices';

interface StoredDevice {
  username: string;
  deviceId: string | null;
  keys: CryptoKeyPair;
  publicKey: string;
}

export interface ThisDevice {
  id: string;
  keys: CryptoKeyPair;
  /** base64url av den okomprimerade punkten. */
  publicKey: string;
  /** Fingeravtrycket räknat här, ur den egna nyckeln (inte serverns). */
  code: string;
  /** true om enheten registrerades nu (ny enhet: historiken kan behöva godkännas). */
  isNew: boolean;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'username' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB'));
    });
  } finally {
    db.close();
  }
}

const load = (username: string) => withStore<StoredDevice | undefined>('readonly', (s) => s.get(username) as IDBRequest<StoredDevice | undefined>);
const save = (record: StoredDevice) => withStore('readwrite', (s) => s.put(record));

/** En läsbar etikett för enheten, t.ex. "Chrome på Linux". */
export function deviceLabel(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? 'Edge'
    : /Firefox\//.test(userAgent) ? 'Firefox'
    : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome'
    : /Safari\//.test(userAgent) ? 'Safari'
    : 'Webbläsare';
  const os = /Windows/.test(userAgent) ? 'Windows'
    : /Android/.test(userAgent) ? 'Android'
    : /iPhone|iPad/.test(userAgent) ? 'iOS'
    : /Mac OS X/.test(userAgent) ? 'macOS'
    : /Linux/.test(userAgent) ? 'Linux'
    : '';
  return os ? `${browser} på ${os}` : browser;
}

async function freshRecord(username: string): Promise<StoredDevice> {
  const keys = await generateDeviceKeys();
  const record: StoredDevice = { username, deviceId: null, keys, publicKey: base64urlEncode(await rawPublicKey(keys)) };
  // Sparas före registreringen: avbryts något efteråt registreras samma nyckel nästa gång.
  await save(record);
  return record;
}

/** Ser till att den här webbläsaren har en registrerad enhet för `username`. */
export async function ensureDevice(api: Api, username: string): Promise<ThisDevice> {
  let record = (await load(username)) ?? (await freshRecord(username));
  let isNew = false;
  if (record.deviceId !== null) {
    const mine = await api.get<{ devices: MyDevice[] }>('/api/devices');
    if (!mine.devices.some((d) => d.id === record.deviceId)) record = await freshRecord(username);
  }
  if (record.deviceId === null) {
    const created = await api.post<MyDevice>('/api/devices', { publicKey: record.publicKey, label: deviceLabel(navigator.userAgent) });
    record = { ...record, deviceId: created.id };
    await save(record);
    isNew = true;
  }
  const raw = await rawPublicKey(record.keys);
  return { id: record.deviceId as string, keys: record.keys, publicKey: record.publicKey, code: await fingerprint(raw), isNew };
}
