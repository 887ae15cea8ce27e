// The inclusion API (docs/inclusion-api.md): a convention's self-description questions
// and reference shares; a participant's own answers (known by the conversation's
// participant cookie); composition reports, weighted estimates and exports (public,
// small cells hidden); organisers' settings, delegations and rules.
import { z } from 'zod';
import { endpoint, file, zCreated, zIdParams, zOk } from './contract.ts';
import { zConventionComposition, zConversationComposition, zDelegation, zProfile, zPublicInclusionSettings } from './inclusion-answers.ts';
import { zDelegationBody, zInclusionSettingsBody, zProfileBody, zRulesBody } from './inclusion-input.ts';

export * from './inclusion-answers.ts';

const tag = 'inclusion';

export const inclusionApi = {
  settings: endpoint({ method: 'GET', path: '/conventions/:id/inclusion', tag, summary: "A convention's self-description questions and reference shares", params: zIdParams, response: zPublicInclusionSettings }),
  profile: endpoint({ method: 'GET', path: '/conversations/:id/me/profile', tag, summary: "The participant's own self-description in a conversation", params: zIdParams, response: zProfile }),
  setProfile: endpoint({ method: 'PUT', path: '/conversations/:id/me/profile', tag, summary: 'Set or clear the participant’s self-description', params: zIdParams, body: zProfileBody, response: zOk }),
  conversationComposition: endpoint({ method: 'GET', path: '/conversations/:id/composition', tag, summary: "Who took part in a conversation, and weighted agreement (small cells hidden)", params: zIdParams, response: zConversationComposition }),
  conventionComposition: endpoint({ method: 'GET', path: '/conventions/:id/composition', tag, summary: "Who took part in a convention's conversations, elections and delegations", params: zIdParams, response: zConventionComposition }),
  conventionCompositionJson: endpoint({
    method: 'GET',
    path: '/conventions/:id/composition.json',
    tag,
    summary: 'The convention composition report, as a file',
    params: zIdParams,
    response: file('application/json', 'the composition report (JSON)', zConventionComposition),
  }),
  conventionCompositionCsv: endpoint({
    method: 'GET',
    path: '/conventions/:id/composition.csv',
    tag,
    summary: 'The convention composition report, one row per source, dimension and category',
    params: zIdParams,
    response: file('text/csv', 'source, dimension, category, count, share, reference, ratio, suppressed'),
  }),
  putSettings: endpoint({ method: 'PUT', path: '/organiser/conventions/:id/inclusion', tag, summary: 'Set the self-description questions, reference shares and minimum cell', params: zIdParams, body: zInclusionSettingsBody, response: zOk }),
  delegations: endpoint({ method: 'GET', path: '/organiser/conventions/:id/delegations', tag, summary: "A convention's delegations and their delegates' descriptions", params: zIdParams, response: z.array(zDelegation) }),
  createDelegation: endpoint({ method: 'POST', path: '/organiser/conventions/:id/delegations', tag, summary: 'Add a delegation', params: zIdParams, body: zDelegationBody, response: zCreated }),
  updateDelegation: endpoint({ method: 'PUT', path: '/organiser/delegations/:id', tag, summary: 'Replace a delegation', params: zIdParams, body: zDelegationBody, response: zOk }),
  deleteDelegation: endpoint({ method: 'DELETE', path: '/organiser/delegations/:id', tag, summary: 'Remove a delegation', params: zIdParams, response: zOk }),
  putRules: endpoint({ method: 'PUT', path: '/organiser/conventions/:id/rules', tag, summary: 'Set the rules delegations are checked against', params: zIdParams, body: zRulesBody, response: zOk }),
};
