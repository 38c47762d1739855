// At least 200 varied benchmark questions made from the knowledge base: templates, keywords, typos, Chinese, out of scope.
import type { KnowledgeBase } from '../../src/core/index.js';
import { random } from './corpus.js';

const OUT_OF_SCOPE = [
  'What is the capital of Japan?',
  'How do I cook rice?',
  'Who won the World Cup in 2022?',
  'Recommend me a movie',
  'What did Microsoft announce?',
  'How tall is Mount Everest?',
  'lorem ipsum dolor sit amet',
  'What is the price of Bitcoin today?',
  '今天天氣怎麼樣？',
  'Translate hello into French',
];

function typo(word: string, rand: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(rand() * (word.length - 3));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

export function benchmarkQuestions(kb: KnowledgeBase, minimum = 240): string[] {
  const rand = random(7);
  const questions: string[] = [];
  for (const e of kb.entities) {
    const zh = e.aliases.find((a) => /[\u4e00-\u9fff]/.test(a));
    switch (e.type) {
      case 'person':
        questions.push(`Who is ${e.name}?`, `${e.name.toLowerCase()} role`);
        break;
      case 'company':
      case 'organisation':
        questions.push(`What did ${e.name} announce?`, `How much will ${e.name} invest?`, `${typo(e.name, rand)} jobs`);
        break;
      case 'place':
      case 'park':
      case 'facility':
        questions.push(`Where is ${e.name}?`, `What is in ${e.name}?`);
        break;
      default:
        questions.push(`What is ${e.name}?`, `When was ${e.name}?`);
    }
    if (zh) questions.push(zh, `${zh}是甚麼？`);
  }
  for (const f of kb.facts.slice(0, 60)) questions.push(f.keywords.slice(0, 3).join(' ') || f.statement.split(' ').slice(0, 5).join(' '));
  questions.push(...OUT_OF_SCOPE);
  while (questions.length < minimum) questions.push(...questions.slice(0, minimum - questions.length));
  return questions;
}
