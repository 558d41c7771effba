/**
 * The React typings compile as a React 19 + TypeScript project would use them (tsc with
 * jsx: react-jsx, strict, over test/react/*.tsx): typed props and handlers of
 * genesys-chat/react, and JSX typings of the native element. types-fixture.tsx also holds
 * what must not compile (`@ts-expect-error`, which is itself an error when nothing fails). The
 * `ts`/`tsx` examples of docs/react.md, vue.md and angular.md (and README's sections of those
 * names) are compiled too, importing
 * `genesys-chat/...` as a project would (mapped to the source).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

describe('React typings', function () {
  this.timeout(60000);

  it('compile the test apps and the fixture without errors, and reject what they should', async () => {
    const result = await executeServerCommand<{ diagnostics: string[]; files: string[]; ms: number }, undefined>('typecheck-react');
    console.log(`[types] ${result.files.length} files checked in ${result.ms} ms`);
    expect(result.files).to.include('test/react/types-fixture.tsx');
    const docs = result.files.filter((f) => f.includes('genesys-chat-docs/'));
    expect(docs.filter((f) => f.includes('/react-')), 'the examples of the React docs').to.have.length.of.at.least(2);
    expect(docs.filter((f) => f.includes('/vue-angular-')), 'the Vue examples of the Vue docs').to.have.length.of.at.least(2);
    expect(result.diagnostics).to.deep.equal([]);
  });
});
