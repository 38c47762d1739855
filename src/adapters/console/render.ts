// Renders a Reply as plain text (the console; also the fallback text of other platforms).
import type { Reply, ReplyAction } from '../../../commands/types.js';
import type { Citation } from '../../core/index.js';

function citationLines(citations: Citation[]): string[] {
  return citations.map((c) => `  — "${c.quote}"\n    ${c.title}${c.publisher ? `, ${c.publisher}` : ''}${c.date ? ` (${c.date})` : ''}${c.url ? `\n    ${c.url}` : ''}`);
}

/** Plain-text rendering of every kind of reply. */
export function renderText(reply: Reply): string {
  const lines: string[] = [];
  switch (reply.kind) {
    case 'answer': {
      lines.push(reply.answer.text);
      if (reply.answer.citations.length) lines.push('', 'Sources:', ...citationLines(reply.answer.citations));
      if (!reply.answer.answered && reply.answer.suggestions.length) lines.push('', `Try: ${reply.answer.suggestions.join(' · ')}`);
      break;
    }
    case 'profile': {
      const p = reply.profile;
      lines.push(`${p.entity.name} (${p.entity.type})`, p.description);
      if (p.aliases.length) lines.push(`Also known as: ${p.aliases.join(', ')}`);
      if (p.sectors.length) lines.push(`Sectors: ${p.sectors.join(', ')}`);
      for (const r of p.relations.slice(0, 8)) lines.push(`• ${r.label}`);
      if (p.facts.length) {
        lines.push('', 'What the articles say:');
        for (const f of p.facts.slice(0, 8)) lines.push(`• ${f.statement}`);
        if (p.facts.length > 8) lines.push(`  …and ${p.facts.length - 8} more.`);
      }
      if (p.related.length) lines.push('', `Related: ${p.related.map((r) => r.name).join(', ')}`);
      break;
    }
    case 'search': {
      lines.push(`Results for "${reply.result.query}" (${reply.result.total}):`);
      reply.result.hits.forEach((h, i) => lines.push(`${i + 1}. ${h.snippet}`, `   — ${h.citation.title}${h.citation.url ? ` ${h.citation.url}` : ''}`));
      break;
    }
    case 'announcements': {
      lines.push(reply.title);
      if (reply.items.length === 0) lines.push(reply.empty);
      for (const item of reply.items) lines.push(`• ${item.statement} (${item.sourceDate}, ${item.citation.title})`);
      break;
    }
    case 'sources': {
      lines.push(`Articles (${reply.sources.length}):`);
      for (const s of reply.sources) lines.push(`• ${s.title}${s.publisher ? ` — ${s.publisher}` : ''} (${s.date}, ${s.facts} facts)${s.url ? `\n  ${s.url}` : ''}`);
      break;
    }
    case 'help': {
      lines.push(reply.title, reply.intro);
      for (const c of reply.commands) lines.push(`  /${c.name} — ${c.description} (e.g. ${c.usage})`);
      if (reply.examples.length) lines.push('', 'Examples:', ...reply.examples.map((e) => `  ${e}`));
      break;
    }
    case 'list': {
      lines.push(reply.title);
      if (reply.items.length === 0) lines.push(reply.empty);
      for (const item of reply.items) lines.push(`• ${item}`);
      if (reply.footer) lines.push(reply.footer);
      break;
    }
    case 'ack':
      lines.push(reply.text);
      break;
    case 'notice': {
      if (reply.title) lines.push(reply.title);
      lines.push(reply.text);
      if (reply.suggestions?.length) lines.push(`Try: ${reply.suggestions.join(' · ')}`);
      break;
    }
    default: {
      const unhandled: never = reply;
      throw new Error(`render: unhandled reply ${JSON.stringify(unhandled)}`);
    }
  }
  if (reply.actions?.length) lines.push('', `Next: ${actionLines(reply.actions)}`);
  return lines.join('\n');
}

/** The actions as the commands they run, a new line where a new row of buttons would start. */
function actionLines(actions: readonly ReplyAction[]): string {
  const rows: string[][] = [];
  for (const a of actions) {
    const command = `/${a.command}${a.args ? ` ${a.args}` : ''}`;
    if (a.newRow || rows.length === 0) rows.push([command]);
    else rows.at(-1)!.push(command);
  }
  return rows.map((row) => row.join(' · ')).join('\n      ');
}
