// The groups a Belenios 2.0 election may name in its "group" field.
import { UnusableInput } from '../../kernel/errors.ts';
import { BELENIOS_2048 } from './belenios-2048.ts';
import { Group } from './group.ts';
import { RFC_3526_2048 } from './rfc-3526-2048.ts';

export { Group } from './group.ts';
export type { Embedding, GroupParameters } from './group.ts';

export const GROUP_NAMES = ['BELENIOS-2048', 'RFC-3526-2048'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

const groups = new Map<string, Group>();

export function isGroupName(name: string): name is GroupName {
  return (GROUP_NAMES as readonly string[]).includes(name);
}

/** The shared instance of a named group (its precomputed tables are shared too). */
export function getGroup(name: string): Group {
  let group = groups.get(name);
  if (!group) {
    if (name === 'BELENIOS-2048') group = new Group(BELENIOS_2048);
    else if (name === 'RFC-3526-2048') group = new Group(RFC_3526_2048);
    else throw new UnusableInput(`unknown group "${name}" (known: ${GROUP_NAMES.join(', ')})`);
    groups.set(name, group);
  }
  return group;
}
