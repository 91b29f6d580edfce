/**
 * Direktmeddelanden för den inloggade personen på den här enheten: API-anropen, försegling och
 * öppning med enhetens nyckel, sändning med omförsegling vid 409 och överföring av historik till en
 * ny egen enhet. En per sidladdning och person (nyckeln hämtas ur IndexedDB en gång).
 */
import { ApiError, type Api } from '../api';
import { base64urlDecode, fingerprint, safetyNumber } from './codes';
import { decode, transferHistory, type HistoryProgress } from './history';
import { ensureDevice, type ThisDevice } from './keys';
import {
  DEVICE_LIST_CHANGED,
  MESSAGE_PAGE,
  type Conversation,
  type MessagePage,
  type MyDevice,
  type PublicDevice,
  type RequiredDevice,
  type SealedMessage,
  type SendResult,
} from './protocol';
import { openCopy, sealTo, sealToAll, type MessageContext, type Plaintext } from './seal';
import { sendSealed, type SendOutcome } from './send';
import type { ShownMessage } from './state';

const enc = encodeURIComponent;

export class DirectClient {
  constructor(readonly api: Api, readonly me: string, readonly device: ThisDevice) {}

  conversations(): Promise<Conversation[]> {
    return this.api.get<{ conversations: Conversation[] }>('/api/conversations').then((r) => r.conversations ?? []);
  }

  async conversation(id: string): Promise<Conversation | undefined> {
    return (await this.conversations()).find((c) => c.id === id);
  }

  start(childId: string, username: string): Promise<Conversation> {
    return this.api.post<Conversation>(`/api/children/${enc(childId)}/conversations`, { with: username });
  }

  myDevices(): Promise<MyDevice[]> {
    return this.api.get<{ devices: MyDevice[] }>('/api/devices').then((r) => r.devices ?? []);
  }

  devicesOf(username: string): Promise<PublicDevice[]> {
    return this.api.get<{ devices: PublicDevice[] }>(`/api/users/${enc(username)}/devices`).then((r) => r.devices ?? []);
  }

  removeDevice(id: string): Promise<void> {
    return this.api.delete(`/api/devices/${enc(id)}`);
  }

  setVerified(username: string, deviceId: string, verified: boolean): Promise<void> {
    const path = `/api/users/${enc(username)}/devices/${enc(deviceId)}/verification`;
    return verified ? this.api.put(path) : this.api.delete(path);
  }

  markRead(conversationId: string, seq: number): Promise<void> {
    return this.api.post(`/api/conversations/${enc(conversationId)}/read`, { seq });
  }

  /** Säkerhetsnumret för mig och `username` (över båda personernas nuvarande enheter). */
  async safetyNumber(username: string, theirs?: PublicDevice[]): Promise<string> {
    const [mine, other] = await Promise.all([this.devicesOf(this.me), theirs ? Promise.resolve(theirs) : this.devicesOf(username)]);
    return safetyNumber(mine.map((d) => base64urlDecode(d.publicKey)), other.map((d) => base64urlDecode(d.publicKey)));
  }

  /** Fingeravtrycket räknat här ur en publik nyckel (jämförs med det servern anger). */
  code(publicKey: string): Promise<string> {
    return fingerprint(base64urlDecode(publicKey));
  }

  open(enc: string, ciphertext: string, context: MessageContext): Promise<Plaintext> {
    return openCopy(this.device.keys, enc, ciphertext, context);
  }

  show(conversationId: string, message: SealedMessage): Promise<ShownMessage> {
    return decode(conversationId, message, (e, c, ctx) => this.open(e, c, ctx));
  }

  /** Meddelanden efter `afterSeq`, alla sidor. */
  async messagesAfter(conversationId: string, afterSeq: number): Promise<SealedMessage[]> {
    const out: SealedMessage[] = [];
    let after = afterSeq;
    for (;;) {
      const page = await this.page(conversationId, after, MESSAGE_PAGE);
      out.push(...page.messages);
      for (const m of page.messages) after = Math.max(after, m.seq);
      if (!page.hasMore || page.messages.length === 0) return out;
    }
  }

  page(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage> {
    const q = new URLSearchParams({ deviceId: this.device.id, afterSeq: String(afterSeq), limit: String(limit) });
    return this.api.get<MessagePage>(`/api/conversations/${enc(conversationId)}/messages?${q.toString()}`);
  }

  /** De enheter ett meddelande till `username` ska förseglas till (hans och mina). */
  async requiredDevices(username: string): Promise<RequiredDevice[]> {
    const [theirs, mine] = await Promise.all([this.devicesOf(username), this.devicesOf(this.me)]);
    return [
      ...theirs.map((d) => ({ id: d.id, owner: username, publicKey: d.publicKey })),
      ...mine.map((d) => ({ id: d.id, owner: this.me, publicKey: d.publicKey })),
    ];
  }

  /** Skickar (samma `clientId` vid omförsök); 409 device-list-changed förseglas om och skickas igen. */
  async send(conversationId: string, clientId: string, text: string, devices: RequiredDevice[]): Promise<SendOutcome> {
    const context: MessageContext = { conversationId, clientId, senderDeviceId: this.device.id };
    const plaintext: Plaintext = { text };
    const sender: RequiredDevice = { id: this.device.id, owner: this.me, publicKey: this.device.publicKey };
    return sendSealed({
      seal: (list) => sealToAll(list, plaintext, context),
      post: async (body) => {
        try {
          const result = await this.api.post<SendResult>(`/api/conversations/${enc(conversationId)}/messages`, body);
          return { kind: 'sent', result };
        } catch (error) {
          if (error instanceof ApiError && error.status === 409 && error.problemSlug === DEVICE_LIST_CHANGED) {
            const listed = error.problem?.['devices'];
            if (Array.isArray(listed)) return { kind: 'device-list-changed', devices: listed as RequiredDevice[] };
          }
          throw error;
        }
      },
    }, { clientId, sender, devices });
  }

  /** Förseglar om allt den här enheten kan öppna till min nya enhet och laddar upp det. */
  approve(newDevice: PublicDevice, onProgress: (p: HistoryProgress) => void): Promise<HistoryProgress> {
    return transferHistory({
      conversations: () => this.conversations(),
      messages: (id, afterSeq, limit) => this.page(id, afterSeq, limit),
      upload: (copies) => this.api.post(`/api/devices/${enc(newDevice.id)}/history`, { fromDeviceId: this.device.id, copies }),
      seal: async (plaintext, context) => {
        const copy = await sealTo(newDevice.id, newDevice.publicKey, plaintext, context);
        return { enc: copy.enc, ciphertext: copy.ciphertext };
      },
      open: (e, c, ctx) => this.open(e, c, ctx),
    }, onProgress);
  }
}

let current: { username: string; client: Promise<DirectClient> } | undefined;

/** Den här enhetens klient (registrerar enheten första gången). */
export function directClient(api: Api, username: string): Promise<DirectClient> {
  if (current?.username !== username) {
    const client = ensureDevice(api, username).then((device) => new DirectClient(api, username, device));
    current = { username, client };
    client.catch(() => {
      if (current?.client === client) current = undefined;
    });
  }
  return current.client;
}
