import { prepareCorpus } from './eval/prepare.js';
const p = prepareCorpus('knowledge', '../shared/eval/corpus/articles');
console.log(p.knowledgeDir);
