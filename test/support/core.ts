// One query core over the bundled knowledge base, shared by the tests of a file.
import { createQueryCore, loadKnowledge, type QueryCore } from '../../src/core/index.js';

let core: QueryCore | undefined;

export function bundledCore(): QueryCore {
  core ??= createQueryCore({ knowledge: loadKnowledge('knowledge') });
  return core;
}
