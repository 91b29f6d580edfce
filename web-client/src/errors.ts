/** Vad knappen "Försök igen" ska göra för ett visst fel. */
export type RetryAction = 'restart' | 'login' | 'repeat';

/**
 * Ett fel som kan visas för användaren: en svensk rubrik och en förklaring.
 */
export class AppError extends Error {
  readonly title: string;
  readonly detail: string | undefined;
  readonly retry: RetryAction;

  constructor(title: string, detail?: string, options: { retry?: RetryAction; cause?: unknown } = {}) {
    super(detail ? `${title}: ${detail}` : title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.title = title;
    this.detail = detail;
    this.retry = options.retry ?? 'repeat';
  }
}
