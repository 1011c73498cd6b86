/**
 * vitest setup: installs the interface texts as the entry points do, for tests that call a service, a
 * mail template or translator() without building the app.
 */
import { installMessages } from '../src/lib/i18n.ts';
import { messages } from '../src/messages.ts';

installMessages(messages);
