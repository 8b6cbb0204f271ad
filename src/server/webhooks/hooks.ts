/**
 * The webhook hook point. Modules call `emitWebhook(event, payload)` where something happened
 * that an integration may want to hear about (e.g. `alert.opened`); until the integrations
 * issue registers an emitter this is a no-op. The emitter is called after the event's own
 * transaction wrote it, with the workspace in the payload; a failing emitter never fails the
 * caller's request.
 */
export type WebhookEvent = 'alert.opened' | (string & {});
export type WebhookPayload = { workspaceId: string } & Record<string, unknown>;
export type WebhookEmitter = (event: WebhookEvent, payload: WebhookPayload) => void | Promise<void>;

const emitters: WebhookEmitter[] = [];

/** Adds an emitter (the integrations module, or a test); returns a function that removes it. */
export function registerWebhookEmitter(emitter: WebhookEmitter): () => void {
  emitters.push(emitter);
  return () => {
    const i = emitters.indexOf(emitter);
    if (i >= 0) emitters.splice(i, 1);
  };
}

export async function emitWebhook(event: WebhookEvent, payload: WebhookPayload): Promise<void> {
  for (const emit of emitters) {
    try {
      await emit(event, payload);
    } catch {
      // Delivery is the emitter's business (retries, logging); the event has happened regardless.
    }
  }
}
