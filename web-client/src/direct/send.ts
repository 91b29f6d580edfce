/**
 * Skicka ett direktmeddelande: försegla en kopia per enhet (mottagarens alla och mina egna,
 * även den som skickar, så att den kan läsa sitt meddelande igen), POST, och vid 409
 * `device-list-changed` försegla till listan servern skickade och skicka om med samma
 * `clientId` (servern sparar det aldrig två gånger). Ren modul: transporten byts ut i tester.
 */
import type { Copy, RequiredDevice, SendBody, SendResult } from './protocol.js';

/** Högst så många försök (första + omförsök efter 409). */
export const MAX_SEND_ATTEMPTS = 4;

export type PostOutcome =
  | { kind: 'sent'; result: SendResult }
  | { kind: 'device-list-changed'; devices: RequiredDevice[] };

export interface SendTransport {
  /** POST …/messages. 409 device-list-changed blir ett utfall; andra fel kastas. */
  post(body: SendBody): Promise<PostOutcome>;
  /** En kopia per enhet. */
  seal(devices: RequiredDevice[]): Promise<Copy[]>;
}

export interface DeviceChange {
  added: RequiredDevice[];
  removed: RequiredDevice[];
}

export interface SendOutcome {
  result: SendResult;
  /** Enheterna meddelandet till slut förseglades till. */
  devices: RequiredDevice[];
  /** Vad som ändrades mot listan vi började med (tomt om inget). */
  change: DeviceChange;
  attempts: number;
}

export class DeviceListKeepsChanging extends Error {
  constructor(readonly attempts: number) {
    super('device list keeps changing');
    this.name = 'DeviceListKeepsChanging';
  }
}

/** Skillnaden mellan två enhetslistor (på id). */
export function deviceChange(before: RequiredDevice[], after: RequiredDevice[]): DeviceChange {
  const beforeIds = new Set(before.map((d) => d.id));
  const afterIds = new Set(after.map((d) => d.id));
  return {
    added: after.filter((d) => !beforeIds.has(d.id)),
    removed: before.filter((d) => !afterIds.has(d.id)),
  };
}

/** Lägger till den sändande enheten om listan saknar den (en kopia till sig själv är tillåten). */
export function withSender(devices: RequiredDevice[], sender: RequiredDevice): RequiredDevice[] {
  return devices.some((d) => d.id === sender.id) ? devices : [...devices, sender];
}

/**
 * Skickar med samma `clientId` tills servern tar emot det, och förseglar om till den lista
 * servern anger vid varje 409. Efter {@link MAX_SEND_ATTEMPTS} försök: {@link DeviceListKeepsChanging}.
 */
export async function sendSealed(
  transport: SendTransport,
  options: { clientId: string; sender: RequiredDevice; devices: RequiredDevice[]; maxAttempts?: number },
): Promise<SendOutcome> {
  const initial = withSender(options.devices, options.sender);
  const maxAttempts = options.maxAttempts ?? MAX_SEND_ATTEMPTS;
  let devices = initial;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const copies = await transport.seal(devices);
    const outcome = await transport.post({ clientId: options.clientId, senderDeviceId: options.sender.id, copies });
    if (outcome.kind === 'sent') {
      return { result: outcome.result, devices, change: deviceChange(initial, devices), attempts: attempt };
    }
    devices = withSender(outcome.devices, options.sender);
  }
  throw new DeviceListKeepsChanging(maxAttempts);
}
