// Every endpoint of the API, by domain: what the server registers, the OpenAPI document
// describes and docs/api.md lists. A new endpoint is declared in its domain's file.
import type { Endpoint } from './contract.ts';
import { accountsApi } from './accounts.ts';
import { conversationsApi } from './conversations.ts';
import { electionsApi } from './elections.ts';
import { inclusionApi } from './inclusion.ts';
import { monitorApi } from './monitor.ts';
import { sanctionsApi } from './sanctions.ts';
import { setupApi } from './setup.ts';

export { accountsApi, conversationsApi, electionsApi, inclusionApi, monitorApi, sanctionsApi, setupApi };

export const API = {
  accounts: accountsApi,
  elections: electionsApi,
  setup: setupApi,
  conversations: conversationsApi,
  inclusion: inclusionApi,
  monitor: monitorApi,
  sanctions: sanctionsApi,
} satisfies Record<string, Record<string, Endpoint>>;

/** Every endpoint, in the order of the domains above. */
export const ALL_ENDPOINTS: readonly Endpoint[] = Object.values(API).flatMap((domain) => Object.values(domain) as Endpoint[]);
