// The alert commands, platform-neutral, for the registry.
export { announce } from './announce.js';
export { feeds } from './feeds.js';
export { subscribe } from './subscribe.js';
export { subscriptions } from './subscriptions.js';
export { unsubscribe } from './unsubscribe.js';
export { why } from './why.js';
