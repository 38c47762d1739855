import { prepareCorpus } from './eval/prepare.js';
console.log(prepareCorpus('knowledge', '../shared/eval/corpus/articles').knowledgeDir);
