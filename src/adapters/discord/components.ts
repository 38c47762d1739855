// Next-step buttons: ReplyActions to Discord button rows and back (custom_id "run:<command>:<args>", ≤ 100 chars).
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import type { ReplyAction } from '../../../commands/types.js';
import { DISCORD_LIMITS, truncate } from './embeds.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

const PREFIX = 'run:';

/** The custom_id of an action, or undefined when it cannot fit in 100 characters (never a truncated argument). */
export function encodeAction(action: ReplyAction): string | undefined {
  const id = `${PREFIX}${action.command}:${action.args ?? ''}`;
  return id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** Read a custom_id back; undefined when it is not one of ours (stale or forged). */
export function decodeAction(customId: string): { command: string; args: string } | undefined {
  const match = /^run:([a-z0-9_]{1,32}):([\s\S]*)$/.exec(customId);
  if (!match) return undefined;
  return { command: match[1]!, args: match[2]! };
}

/** Buttons for the actions: at most 5 per row and 5 rows, a new row where an action asks for one, no duplicate custom_ids (Discord rejects them). */
export function actionRows(actions: readonly ReplyAction[] = []): ButtonRow[] {
  const seen = new Set<string>();
  const rows: APIButtonComponentWithCustomId[][] = [];
  for (const action of actions) {
    const customId = encodeAction(action);
    if (!customId || seen.has(customId)) continue;
    seen.add(customId);
    const button: APIButtonComponentWithCustomId = {
      type: ComponentType.Button,
      style: seen.size === 1 ? ButtonStyle.Primary : ButtonStyle.Secondary,
      label: truncate(action.label.trim() || `/${action.command}`, DISCORD_LIMITS.buttonLabel),
      custom_id: customId,
    };
    const last = rows.at(-1);
    if (last && last.length < DISCORD_LIMITS.buttonsPerRow && !action.newRow) last.push(button);
    else if (rows.length < DISCORD_LIMITS.rows) rows.push([button]);
  }
  return rows.map((components) => ({ type: ComponentType.ActionRow, components }));
}
