export * from './settings.ts';
export * from './signatures.ts';
export * from './signature-tokens.ts';
export * from './outbox.ts';
export * from './rate-limits.ts';
export * from './form-flashes.ts';
